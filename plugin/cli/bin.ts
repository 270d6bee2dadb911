#!/usr/bin/env node
// Entry point of the `oncall-approval` command (package.json `bin`: dist/cli/bin.js, compiled from this file).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
