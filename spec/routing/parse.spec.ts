// The guarded YAML stage: plain data plus where each value was written; its limits are exact.
import { expect } from 'chai';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { readDocument } from '../../plugin/parse/reader.js';
import { ROUTING_INPUT, withLimits } from '../../plugin/parse/kinds.js';
import type { SourceLimits } from '../../plugin/parse/limits.js';
import { prescanDepth } from '../../plugin/parse/prescan.js';

const parseSource = (text: string, file: string, limits: Partial<SourceLimits> = {}) =>
  readDocument(text, file, withLimits(ROUTING_INPUT, limits));

/** Values in a JSON document the way the limit counts them: every scalar, list and mapping (keys excluded). */
function countValues(v: unknown): number {
  if (Array.isArray(v)) return 1 + v.reduce((n: number, x) => n + countValues(x), 0);
  if (v !== null && typeof v === 'object') return 1 + Object.values(v).reduce((n: number, x) => n + countValues(x), 0);
  return 1;
}

/** Whether a mapping anywhere in the value has one of these keys. */
const hasKey = (v: unknown, keys: readonly string[]): boolean =>
  v !== null &&
  typeof v === 'object' &&
  (Object.keys(v).some((k) => keys.includes(k)) || Object.values(v).some((x) => hasKey(x, keys)));
const reserved = (v: unknown) => hasKey(v, ['__proto__', 'constructor', 'prototype']);
/** A plain `<<` key is YAML's merge key, which the reader refuses by design (a quoted one in JSON is a plain key). */
const mergeKey = (v: unknown) => hasKey(v, ['<<']);

describe('routing: parsing YAML with positions', () => {
  it('reads back any JSON value written as YAML (block or flow) or JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('block', 'flow', 'json'), (value, style) => {
        fc.pre(!reserved(value) && !Object.is(value, -0));
        const text =
          style === 'json' ? JSON.stringify(value) : stringify(value, { collectionStyle: style as 'block' | 'flow' });
        const parsed = parseSource(text, style === 'json' ? 'x.json' : 'x.yaml');
        if (style !== 'json' && mergeKey(value)) {
          expect(parsed.problems.map((p) => p.code)).to.deep.equal(['parse.merge-key']);
          return;
        }
        expect(parsed.problems).to.deep.equal([]);
        expect(JSON.stringify(parsed.data)).to.equal(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('the value limit is exact: a document of N values passes with maxValues N and fails with N - 1', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('block', 'flow'), (value, style) => {
        fc.pre(!reserved(value) && !mergeKey(value));
        const text = stringify(value, { collectionStyle: style as 'block' | 'flow' });
        const n = countValues(value);
        const ok = parseSource(text, 'x.yaml', { maxValues: n });
        expect(ok.problems.map((p) => p.message)).to.deep.equal([]);
        const refused = parseSource(text, 'x.yaml', { maxValues: n - 1 });
        expect(refused.problems).to.have.length(1);
        expect(refused.problems[0]!.message).to.match(/more than [\d,]+ values/);
        expect(refused.problems[0]!.code).to.equal('parse.too-many-values');
      }),
      { numRuns: 300 },
    );
  });

  it('the pre-scan never under-estimates nesting, so it cannot let a too-deep file through to the parser', () => {
    const depth = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom('block', 'flow'), (value, style) => {
        const d = depth(value);
        fc.pre(d > 0);
        const text = stringify(value, { collectionStyle: style as 'block' | 'flow' });
        expect(prescanDepth(text, d - 1), text).to.be.a('number');
      }),
      { numRuns: 300 },
    );
  });

  it('records where each value and key was written', () => {
    const text = 'a:\n  - x\n  - { b: true }\n';
    const { index } = parseSource(text, 'x.yaml');
    const at = (pointer: string, part: 'key' | 'value') => {
      const p = index.range(pointer, part);
      return `${p.line}:${p.column}-${p.endLine}:${p.endColumn}`;
    };
    expect(at('/a', 'key')).to.equal('1:1-1:2');
    expect(at('/a/0', 'value')).to.equal('2:5-2:6');
    expect(at('/a/1/b', 'key')).to.equal('3:7-3:8');
    expect(at('/a/1/b', 'value')).to.equal('3:10-3:14');
    // A value that was never written (a missing key) is placed at its nearest written parent.
    expect(at('/a/1/c', 'value')).to.equal('3:5-3:16');
  });
});
