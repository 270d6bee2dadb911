// The bench's module graph: no import cycle inside bench/ (a cycle makes load order decide what is
// defined), and only bench/api.ts reaches into the package, so refactors of plugin/ meet the bench in one
// file.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BENCH = join(ROOT, 'bench');

function benchFiles(dir = BENCH): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? benchFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Relative specifiers of every static import/export and dynamic import(), type-only ones included. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

const toTs = (from: string, spec: string): string => resolve(dirname(from), spec).replace(/\.js$/, '.ts');

/** One cycle of the graph, as a path that starts and ends at the same file; undefined when there is none. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (state.get(node) !== undefined) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('bench: module graph', () => {
  const files = benchFiles();
  const imports = new Map(files.map((f) => [f, importsOf(readFileSync(f, 'utf8')).filter((s) => s.startsWith('.'))]));

  it('finds the modules and their imports', () => {
    expect(files.map((f) => relative(ROOT, f))).to.include.members([
      'bench/run.ts',
      'bench/child.ts',
      'bench/protocol.ts',
      'bench/api.ts',
    ]);
    expect(imports.get(join(BENCH, 'child.ts'))).to.include('./protocol.js');
    // Dynamic imports count: the catalog reaches every scenario through them.
    expect(imports.get(join(BENCH, 'catalog.ts'))).to.include('./scenarios/two-rules.js');
  });

  it('has no import cycle inside bench/', () => {
    const graph = new Map(
      files.map((f) => [
        f,
        imports
          .get(f)!
          .map((s) => toTs(f, s))
          .filter((t) => t.startsWith(`${BENCH}/`)),
      ]),
    );
    const cycle = findCycle(graph);
    expect(cycle, `import cycle: ${cycle?.map((f) => relative(ROOT, f)).join(' -> ')}`).to.equal(undefined);
  });

  it('the cycle finder sees a cycle, through however many modules', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).to.deep.equal(['a', 'b', 'c', 'a']);
    expect(
      findCycle(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).to.equal(undefined);
    expect(importsOf("import type { X } from './x.js';\nconst m = await import('./y.js');")).to.deep.equal([
      './x.js',
      './y.js',
    ]);
  });

  it('reaches the package only through bench/api.ts, and that only through its public entry modules', () => {
    const outside = files.flatMap((f) =>
      imports
        .get(f)!
        .filter((s) => !toTs(f, s).startsWith(`${BENCH}/`))
        .map((s) => `${relative(ROOT, f)}: ${s}`),
    );
    expect(outside).to.include('bench/api.ts: ../plugin/index.js');
    // The public API is plugin/index.ts and any entry module beside it (a subpath export); never deeper.
    for (const line of outside) expect(line).to.match(/^bench\/api\.ts: \.\.\/plugin\/[\w-]+\.js$/);
  });
});
