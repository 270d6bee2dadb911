// PLACEHOLDER: replaced by the issue that builds `can-approve`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'can-approve',
  summary: '(not built yet)',
  usage: 'oncall-approval can-approve (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval can-approve: not built yet\n');
    return 2;
  },
};
