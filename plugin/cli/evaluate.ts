// PLACEHOLDER: replaced by the issue that builds `evaluate`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'evaluate',
  summary: '(not built yet)',
  usage: 'oncall-approval evaluate (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval evaluate: not built yet\n');
    return 2;
  },
};
