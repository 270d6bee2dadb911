// PLACEHOLDER: replaced by the issue that builds `check-key`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'check-key',
  summary: '(not built yet)',
  usage: 'oncall-approval check-key (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval check-key: not built yet\n');
    return 2;
  },
};
