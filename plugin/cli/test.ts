// PLACEHOLDER: replaced by the issue that builds `test`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'test',
  summary: '(not built yet)',
  usage: 'oncall-approval test (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval test: not built yet\n');
    return 2;
  },
};
