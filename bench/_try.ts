import { runBench } from './run.js';
import { TINY } from './sizes.js';
await runBench({ sizes: TINY });
