#!/usr/bin/env node
// Entry point of the `oncall-approval` command (package.json `bin`: dist/cli/bin.js, compiled from this file).
import { main } from './main.js';

const code = await main(process.argv.slice(2));
// Stopped by a signal: leave now, whatever timers (a retry's backoff, an idle connection) are still pending.
if (code === 130 || code === 143) process.exit(code);
process.exitCode = code;
