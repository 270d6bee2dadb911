// The reader's fast path (plugin/parse/fast-yaml.ts) against the full path: whenever the fast path reads a
// text, it must give what the full path gives, data and every position, with no problem (a text with any
// problem is the full path's to report). Checked on every YAML file of the repository and on many documents
// generated or mutated from them.
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fastParse } from '../../plugin/parse/fast-yaml.js';
import { REQUEST_INPUT, ROUTING_INPUT, SCHEDULES_INPUT, TEST_INPUT, type InputKind } from '../../plugin/parse/kinds.js';
import { DeferredEntry, type IndexEntry, type NodeIndex } from '../../plugin/parse/positions.js';
import { readDocument } from '../../plugin/parse/reader.js';
import { parseFully } from '../../plugin/parse/yaml.js';

const KINDS: InputKind[] = [ROUTING_INPUT, REQUEST_INPUT, TEST_INPUT, SCHEDULES_INPUT];

function entriesOf(index: NodeIndex): Map<string, IndexEntry> {
  return (index as unknown as { entries: Map<string, IndexEntry> }).entries;
}

/** Plain copies of the entries: deferred ones as their start and key (their end is the full path's). */
function positions(index: NodeIndex, fullIndex: NodeIndex): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [pointer, entry] of entriesOf(index)) {
    if (entry instanceof DeferredEntry) {
      const exact = fullIndex.get(pointer);
      out[pointer] = { start: entry.start, key: entry.key, exact: exact?.value };
    } else out[pointer] = { start: entry.value[0], key: entry.key, exact: entry.value };
  }
  return out;
}

/** The fast path's answer for `text`, checked against the full path's; whether the fast path read it. */
function agree(text: string, kind: InputKind = ROUTING_INPUT, file = 'in.yaml'): boolean {
  const full = parseFully(text, file, kind);
  let fullCalls = 0;
  const fast = fastParse(text, file, kind, () => {
    fullCalls++;
    return parseFully(text, file, kind).index;
  });
  if (!fast) return false;
  const where = `fast path read ${JSON.stringify(text.slice(0, 300))}`;
  expect(full.problems, where).to.deep.equal([]);
  expect(fast.data, where).to.deep.equal(full.data);
  const fullPositions = positions(full.index, full.index);
  expect(positions(fast.index, full.index), where).to.deep.equal(fullPositions);
  // Every deferred end resolves to the full path's, reading the text once at most.
  for (const [pointer, entry] of entriesOf(fast.index)) {
    expect(entry.value, `${where} at ${pointer}`).to.deep.equal(full.index.get(pointer)!.value);
    expect(entry.key, `${where} at ${pointer}`).to.deep.equal(full.index.get(pointer)!.key);
  }
  expect(fullCalls).to.be.at.most(1);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const CORPUS = [...yamlFiles('rules'), ...yamlFiles('spec'), ...yamlFiles('docs')]
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
  .filter(({ text }) => text.length < 200_000);

describe('the fast YAML path', () => {
  it('reads the example files, and agrees with the full path on every YAML file in the repository', () => {
    let read = 0;
    for (const { path, text } of CORPUS) {
      const kind = path.includes('oncall') || path.includes('schedules') ? SCHEDULES_INPUT : ROUTING_INPUT;
      if (agree(text, kind, path)) read++;
    }
    for (const example of ['rules/oncall.example.yaml', 'rules/production-guarded/production-guarded.routing.yaml']) {
      const text = readFileSync(example, 'utf8');
      expect(
        fastParse(text, example, SCHEDULES_INPUT, () => expect.fail('no end asked')),
        example,
      ).to.not.equal(undefined);
    }
    expect(read).to.be.greaterThan(CORPUS.length / 2);
  });

  it('agrees with the full path on mutated documents', () => {
    const pieces = [
      ' ',
      '  ',
      ':',
      ': ',
      '-',
      '- ',
      '#',
      ' #',
      '\n',
      "'",
      '"',
      "''",
      '&a ',
      '*a',
      '&b ',
      '*b',
      '{',
      '}',
    ]
      .concat(['[', ']', ',', ', ', 'x', '0', '1.5', '.', '~', 'null', 'true', '<<', '__proto__', '\\', '!', '|', '>'])
      .concat(['%', '@', '?', '---', '...', '\u00e9', 'é: ', '0x1', '007', '-1', '+1', 'on', 'yes', '\t', '\r\n']);
    const bases = CORPUS.filter(({ text }) => text.length < 6000).map(({ text }) => text);
    bases.push(
      'a: &x { b: 1, c: [1, 2, *y] }\nd: *x\n',
      '- &y [a, b]\n- *y\n- { k: *y }\n',
      "k: 'it''s'\nl: \"q\" # c\nm: -5\nn: 0\no: x:y\np: a b  c\n",
      'a:\n- 1\n- 2\nb:\n  - c: 1\n    d: 2\n  # comment\n\n  - e\n# end\n',
      'a: &a 1\nb: &a [*a]\nc: &b { d: *b }\n',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), piece: fc.constantFrom(...pieces) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom(...KINDS),
        (base, edits, kind) => {
          let text = base;
          for (const { at, cut, piece } of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + piece + text.slice(i + cut);
          }
          agree(text, kind);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with the full path on line edits: indentation, swapped and repeated lines', () => {
    const bases = CORPUS.filter(({ text }) => text.length < 6000).map(({ text }) => text.split('\n'));
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.nat(),
        fc.integer({ min: -4, max: 4 }),
        fc.nat(),
        (lines, at, shift, other) => {
          const out = [...lines];
          const i = at % out.length;
          const j = other % out.length;
          if (shift > 0) out[i] = ' '.repeat(shift) + out[i];
          else if (shift < 0) out[i] = out[i]!.replace(new RegExp(`^ {0,${-shift}}`), '');
          else [out[i], out[j]] = [out[j]!, out[i]!];
          if (shift === 4) out.splice(j, 0, out[i]!);
          agree(out.join('\n'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with the full path on generated documents', () => {
    const scalars = ['a', 'a b', 'x:y', 'http://h/p', '-5', '-x', '0', '12', '007', '1.5', '1e3', '0x1F', '0o7', '.inf']
      .concat(['~', 'null', 'Null', 'NULL', 'true', 'True', 'FALSE', 'yes', 'on', "'q'", "'it''s'", '"d"', '"a\\b"'])
      .concat(['"x: y"', "''", '""', 'é', 'a#b', 'a [b]', 'a, b', '<<', '__proto__', '^p(q)?$', '*a', '*b', '1_000']);
    const keys = ['a', 'b', 'name', 'x y', "'k'", '"k"', 'true', '1', '<<', 'é', 'a', 'constructor', '-k', 'null'];
    const anchor = fc.constantFrom('', '', '', '&a ', '&b ');
    const flow: fc.Memo<string> = fc.memo((n) =>
      n <= 1
        ? fc.constantFrom(...scalars)
        : fc.oneof(
            fc.constantFrom(...scalars),
            fc.tuple(anchor, fc.array(flow(n - 1), { maxLength: 3 })).map(([a, xs]) => `${a}[${xs.join(', ')}]`),
            fc
              .tuple(anchor, fc.array(fc.tuple(fc.constantFrom(...keys), flow(n - 1)), { maxLength: 3 }))
              .map(([a, kv]) => `${a}{ ${kv.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
          ),
    );
    const comment = fc.constantFrom('', '', ' # c', '  #c', '\n# line', '\n   # deep', '\n', '\n\n');
    const block: fc.Memo<(indent: string) => string> = fc.memo((n) =>
      n <= 1
        ? fc.tuple(anchor, flow(2), comment).map(
            ([a, v, c]) =>
              () =>
                ` ${a}${v}${c}`,
          )
        : fc.oneof(
            fc.tuple(anchor, flow(3), comment).map(
              ([a, v, c]) =>
                () =>
                  ` ${a}${v}${c}`,
            ),
            fc
              .array(fc.tuple(fc.constantFrom(...keys), block(n - 1), comment), { minLength: 1, maxLength: 3 })
              .map(
                (kv) => (indent: string) => kv.map(([k, v, c]) => `\n${indent}${k}:${v(indent + '  ')}${c}`).join(''),
              ),
            fc
              .array(fc.tuple(block(n - 1), comment), { minLength: 1, maxLength: 3 })
              .map((xs) => (indent: string) => xs.map(([v, c]) => `\n${indent}-${v(indent + '  ')}${c}`).join('')),
          ),
    );
    let read = 0;
    fc.assert(
      fc.property(block(4), (doc) => {
        const text = doc('').replace(/^\n/, '') + '\n';
        if (agree(text)) read++;
      }),
      { numRuns: 3000 },
    );
    expect(read).to.be.greaterThan(100);
  });

  it('reads the plain cases itself and leaves the rest to the full path', () => {
    const read = [
      'a: 1\nb: x y # c\nc: [1, "2", \'3\']\nd: { e: -5, f: null, g: True }\n',
      '- &u { id: U1, email: a@example.com }\n- { user: *u }\n- *u\n',
      'k:\n- a\n- b\nl:\n  m: 1\n\n# c\n',
      `${'k'.repeat(1000)}: 1\n`,
      '- &a { b: 1 }\n- &a { c: 2 }\n- *a\n', // named again after its value ended: the later one, read here
    ];
    const declined = [
      'a: &a 1\nb: &a [*a]\n', // the alias is inside the value its anchor names (not the earlier `&a`)
      `${'k'.repeat(1001)}: 1\n`, // longer than an implicit key may be
      'a: 1\na: 2\n',
      'a:\n  <<: { b: 1 }\n',
      'a: 0x1F\n',
      'a: 1.0\n',
      'a: |\n  text\n',
      'a: foo\n  bar\n',
      'a:\nb: 1\n',
      'a: "x\\ty"\n',
      'a: !!str 1\n',
      '---\na: 1\n',
      'a: 1\r\n',
      '\ta: 1\n',
      '- [a,\n  b]\n',
      '',
      // A quoted key glued to its value is no block mapping, first key or not (found by an attacker's fuzzer).
      '"rules":[{name: x}]\n',
      "'b':[1]\n",
      'a: 1\n"b":2\n',
      // An anchor named again inside its own value: `*a` is the inner one, defined last (found by a property run).
      '- &a { a: &a {  } }\n- *a\n',
      // An implicit key's source, escapes included, is at most 1,024 characters.
      `'${"''".repeat(512)}': 1\n`,
    ];
    for (const text of read) expect(agree(text), text).to.equal(true);
    for (const text of declined) expect(agree(text), text).to.equal(false);
  });

  it('is what the reader uses, and a problem is still placed exactly', () => {
    const text = '- name: a\n  requestor:\n    type: nobody\n  # trailing\n';
    const fast = readDocument(text, 'r.yaml', ROUTING_INPUT);
    const full = parseFully(text, 'r.yaml', ROUTING_INPUT);
    expect(fast.data).to.deep.equal(full.data);
    expect(fast.index.range('/0/requestor')).to.deep.equal(full.index.range('/0/requestor'));
    expect(fast.index.range('/0')).to.deep.equal(full.index.range('/0'));
    expect(fast.index.source('/0')).to.deep.equal({ file: 'r.yaml', line: 1, column: 3 });
  });
});
