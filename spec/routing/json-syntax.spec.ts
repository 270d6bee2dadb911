// `.json` routing files are held to JSON (YAML would forgive trailing commas and comments): the checker
// agrees with JSON.parse on what is JSON, and says where the first mistake is.
import { expect } from 'chai';
import fc from 'fast-check';
import { jsonSyntaxError } from '../../plugin/parse/json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('routing: JSON syntax of .json files', () => {
  it('agrees with JSON.parse on valid JSON of every shape', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        expect(jsonSyntaxError(JSON.stringify(value, null, indent))).to.equal(undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on near-JSON text (valid JSON with characters inserted or removed)', () => {
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      ' ',
      '\n',
      'a',
      '1',
      '-',
      '.',
      'e',
      'true',
      'null',
      '//',
      '\u0001',
    ];
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom(...pieces), fc.boolean(), (value, at, piece, remove) => {
        const json = JSON.stringify(value);
        const i = at % (json.length + 1);
        const text = remove ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + piece + json.slice(i);
        expect(jsonSyntaxError(text) === undefined, text).to.equal(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('locates the first mistake and names it', () => {
    expect(jsonSyntaxError('[1, 2,]')).to.deep.equal({
      offset: 6,
      message: 'a comma before `]`: JSON does not allow a trailing comma',
    });
    expect(jsonSyntaxError('{"a": 1,}')).to.deep.equal({
      offset: 8,
      message: 'a comma before `}`: JSON does not allow a trailing comma',
    });
    expect(jsonSyntaxError('{a: 1}')).to.deep.equal({
      offset: 1,
      message: '`a` where a member name in double quotes was expected',
    });
    expect(jsonSyntaxError('{"a": "x}')).to.deep.equal({ offset: 6, message: 'this string is never closed with `"`' });
    expect(jsonSyntaxError('[1] // note')).to.deep.equal({ offset: 4, message: '`/` after the end of the JSON value' });
  });

  it('handles 100,000-deep nesting without recursion', () => {
    expect(jsonSyntaxError('['.repeat(100_000) + ']'.repeat(100_000))).to.equal(undefined);
  });
});
