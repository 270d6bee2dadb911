// PLACEHOLDER: replaced by the issue that builds `schema`.
import type { Command } from './io.js';

export const command: Command = {
  name: 'schema',
  summary: '(not built yet)',
  usage: 'oncall-approval schema (not built yet)',
  async run(_argv, io) {
    io.stderr('oncall-approval schema: not built yet\n');
    return 2;
  },
};
