// PLACEHOLDER: replaced by the issue that builds `validate`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'validate',
  summary: '(not built yet)',
  usage: 'oncall-approval validate (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval validate: not built yet\n');
    return 2;
  },
};
