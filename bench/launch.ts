// How the bench starts its own processes. `npm run bench` compiles plugin/ and bench/ to JavaScript
// (tsconfig.bench.json → .bench/) and runs it on plain node, as hosts run the built package: tsx's loader
// thread costs every process about 33 MB and is not part of what a user runs. The tests import the same
// modules as TypeScript through tsx; a process they start then runs the .ts sibling through tsx too.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeResult, RESULT_PREFIX } from './child-protocol.js';

const HERE = fileURLToPath(import.meta.url);
const COMPILED = HERE.endsWith('.js');

/** `node` arguments that run the bench module `name` (without extension) the way this one runs. */
export function benchScript(name: string): string[] {
  const file = join(dirname(HERE), `${name}${COMPILED ? '.js' : '.ts'}`);
  return COMPILED ? [file] : ['--import', 'tsx', file];
}

/** The package's root (where package.json is), from bench/ or from .bench/bench/. */
export function packageRoot(): string {
  let dir = dirname(HERE);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${HERE}`);
    dir = up;
  }
  return dir;
}

/** The `RESULT <json>` line of a bench process's output, decoded; undefined when there is none. */
export function findResult<T>(output: string): T | undefined {
  const line = output.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  return line === undefined ? undefined : decodeResult<T>(line.slice(RESULT_PREFIX.length));
}
