#!/usr/bin/env node
// Entry point of the `oncall-approval` command. The package ships TypeScript source; tsx (a dependency)
// loads it, so there is no build step between a clone and a working command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
