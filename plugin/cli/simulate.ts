// PLACEHOLDER: replaced by the issue that builds `simulate`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'simulate',
  summary: '(not built yet)',
  usage: 'oncall-approval simulate (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval simulate: not built yet\n');
    return 2;
  },
};
