// Problem codes are the stable part of a problem: docs/problem-codes.md lists every code the package can
// report, and nothing else. A code added in the source without a line in the list (or a line left behind
// after a code is gone) fails here.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const AREAS = 'parse|schema|routing|request|test|schedules|compile|cli';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    // The generated validators hold ajv's code, not ours.
    return e.name.endsWith('.ts') && !path.includes('/generated/') ? [path] : [];
  });
}

/** Every code written in the source: a quoted `area.what` string that is not a file name. */
function codesInSource(): Set<string> {
  const literal = new RegExp(`'((?:${AREAS})\\.[a-z][a-z0-9-]*)'`, 'g');
  const codes = new Set<string>();
  for (const file of sources(join(root, 'plugin'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(literal)) {
      if (!/\.(ya?ml|json|ts|js)$/.test(m[1]!)) codes.add(m[1]!);
    }
  }
  return codes;
}

function codesInDocs(): string[] {
  const text = readFileSync(join(root, 'docs/problem-codes.md'), 'utf8');
  return [...text.matchAll(new RegExp(`^- \`((?:${AREAS})\\.[a-z][a-z0-9-]*)\`: \\S`, 'gm'))].map((m) => m[1]!);
}

describe('problem codes', () => {
  it('docs/problem-codes.md gives every code in the source one line, and lists no other', () => {
    const documented = codesInDocs();
    expect(new Set(documented).size, 'each code is listed once').to.equal(documented.length);
    const used = codesInSource();
    expect(used.size).to.be.at.least(60);
    expect([...used].filter((c) => !documented.includes(c)).sort(), 'codes missing from the list').to.deep.equal([]);
    expect(documented.filter((c) => !used.has(c)).sort(), 'listed codes no code reports').to.deep.equal([]);
  });

  it('codes are lower-case words joined by hyphens after their area', () => {
    for (const code of codesInDocs()) expect(code).to.match(new RegExp(`^(${AREAS})\\.[a-z][a-z0-9]*(-[a-z0-9]+)*$`));
  });
});
