// PLACEHOLDER: replaced by the issue that builds `compile`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'compile',
  summary: '(not built yet)',
  usage: 'oncall-approval compile (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval compile: not built yet\n');
    return 2;
  },
};
