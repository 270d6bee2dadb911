// Compiles the package into dist/ (`npm run compile`; `npm run build` regenerates the routing validators
// first): a clean tsc build (the library hosts import, with declarations), then the command:
//
// 1. Its imports of the public entries pointed at the modules that define what it uses. The command is
//    written against the public API only (`../index.js`, `../simulator.js`, `../testing.js`;
//    spec/cli/imports.spec.ts keeps it so), but an ES module import of `index.js` evaluates every module the
//    API re-exports, the decision engine and the test runner included, before `validate` can read a line.
//    The entries only re-export, so `import { a } from '../index.js'` means exactly
//    `import { a } from '../routing/load.js'`: rewriting it so changes no binding. An entry that stops being
//    a pure list of re-exports fails the build here.
// 2. Bundled by esbuild into dist/cli/: the entry, one chunk per command, shared chunks, each command
//    loading only its own. A fresh process pays per file it loads, and the YAML parser alone is some seventy
//    files, so bundling (its dependencies included) is what keeps a `validate` of one file near the cost
//    of starting node. The bundle therefore carries its own copy of yaml, ajv and luxon as the lockfile
//    pins them: a fix in one of them reaches the command with a rebuild. cross-fetch stays outside: it is
//    loaded only for an HTTP call. The chunks stay two folders below the package root, where the modules
//    that find files from `import.meta.url` (the test-file schema, package.json) expect to be.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build as esbuild } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');
/**
 * Which modules each chunk of the bundled command holds (for spec/cli/build.spec.ts; not shipped). Named after
 * this checkout: node_modules may be shared by several checkouts (a symlink), each with its own dist/.
 */
export const CHUNKS_FILE = join(
  root,
  'node_modules',
  '.cache',
  'oncall-approval',
  `cli-chunks-${createHash('sha256').update(realpathSync(root)).digest('hex').slice(0, 16)}.json`,
);
/** The public entries the command may import (package.json `exports`: `.`, `./simulator`, `./testing`). */
export const PUBLIC_ENTRIES = ['index.js', 'simulator.js', 'testing.js'];

/** Where each name an entry exports is defined: `{ module, name }`, the module relative to dist/. */
export type ReExports = Map<string, { module: string; name: string }>;

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** Splits `a, b as c` into [local or exported name, original name] pairs. */
function specifiers(list: string): Array<{ name: string; as: string }> {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(s);
      if (!m) throw new Error(`cannot read the import or export specifier '${s}'`);
      return { name: m[1]!, as: m[2] ?? m[1]! };
    });
}

/** The re-exports of a compiled entry, which must consist of `export { ... } from '...';` and nothing else. */
export function readReExports(entryFile: string, code: string): ReExports {
  const out: ReExports = new Map();
  const statement = /export\s*\{([^}]*)\}\s*from\s*'([^']+)';?/g;
  const body = stripComments(code).replace(/^#!.*$/m, '');
  for (const m of body.matchAll(statement)) {
    const module = posix.join(posix.dirname(entryFile), m[2]!);
    for (const { name, as } of specifiers(m[1]!)) out.set(as, { module, name });
  }
  const rest = body.replace(statement, '').trim();
  if (rest !== '') {
    throw new Error(
      `${entryFile} must only re-export (\`export { ... } from '...'\`), so that a command loads only what it uses; ` +
        `it also holds: ${rest.slice(0, 200)}`,
    );
  }
  return out;
}

/**
 * A compiled command module with its imports of the public entries replaced by imports of the defining
 * modules. The replacement keeps the statement's line count, so the source map stays right.
 */
export function pointAtDefinitions(file: string, code: string, entries: Map<string, ReExports>): string {
  const fromDir = posix.dirname(file);
  const importStatement = /import\s*\{([^}]*)\}\s*from\s*'([^']+)';/g;
  const out = code.replace(importStatement, (whole, list: string, specifier: string) => {
    const target = posix.join(fromDir, specifier);
    const reExports = entries.get(target);
    if (!reExports) return whole;
    const byModule = new Map<string, string[]>();
    for (const { name, as } of specifiers(stripComments(list))) {
      const found = reExports.get(name);
      if (!found) throw new Error(`${file}: ${target} does not export '${name}'`);
      const binding = found.name === as ? as : `${found.name} as ${as}`;
      byModule.set(found.module, [...(byModule.get(found.module) ?? []), binding]);
    }
    const imports = [...byModule].map(([module, names]) => {
      let path = posix.relative(fromDir, module);
      if (!path.startsWith('.')) path = `./${path}`;
      return `import { ${names.join(', ')} } from '${path}';`;
    });
    const lines = whole.split('\n').length;
    return imports.join(' ') + '\n'.repeat(lines - 1);
  });
  const left = [...out.matchAll(/(?:import|export)\b[^;]*?from\s*'([^']+)'/g)].filter((m) =>
    entries.has(posix.join(fromDir, m[1]!)),
  );
  if (left.length > 0) throw new Error(`${file}: cannot rewrite '${left[0]![0]}' (only \`import { ... }\` is)`);
  return out;
}

function tsc(project: string): void {
  // The package's `bin` (its exports map does not list it).
  const bin = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  const run = spawnSync(process.execPath, [bin, '-p', project], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The bundled command: chunks in `outdir`, and which modules (dist/ and node_modules/ files) each holds. */
async function bundleCommand(entry: string, outdir: string): Promise<Record<string, string[]>> {
  const result = await esbuild({
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['cross-fetch'],
    // Bundled CommonJS code (yaml, ajv) requires node's built-ins; an ES module has no `require` of its own.
    banner: {
      js: "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  const chunks: Record<string, string[]> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    chunks[posix.basename(file)] = Object.keys(output.inputs).sort();
  }
  return chunks;
}

export async function build(): Promise<void> {
  // Clean: a module deleted or moved in plugin/ must not live on in dist/.
  rmSync(dist, { recursive: true, force: true });
  tsc('tsconfig.build.json');

  const entries = new Map<string, ReExports>();
  for (const entry of PUBLIC_ENTRIES) entries.set(entry, readReExports(entry, readFileSync(join(dist, entry), 'utf8')));
  const cli = join(dist, 'cli');
  for (const path of filesUnder(cli).filter((p) => p.endsWith('.js'))) {
    const file = relative(dist, path).split('\\').join('/');
    const code = readFileSync(path, 'utf8');
    const rewritten = pointAtDefinitions(file, code, entries);
    if (rewritten !== code) writeFileSync(path, rewritten);
  }

  const bundled = join(dist, '.cli-bundle');
  const chunks = await bundleCommand(join(cli, 'bin.js'), bundled);
  rmSync(cli, { recursive: true });
  renameSync(bundled, cli);
  chmodSync(join(cli, 'bin.js'), 0o755);
  mkdirSync(dirname(CHUNKS_FILE), { recursive: true });
  writeFileSync(CHUNKS_FILE, JSON.stringify(chunks, null, 2) + '\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build();
  console.log(`built ${relative(process.cwd(), dist)}/`);
}
