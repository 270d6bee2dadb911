// PLACEHOLDER: replaced by the issue that builds `schedules`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'schedules',
  summary: '(not built yet)',
  usage: 'oncall-approval schedules (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval schedules: not built yet\n');
    return 2;
  },
};
