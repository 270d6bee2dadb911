// How located problems are printed: compiler-style text, JSON, GitHub Actions workflow commands.
import { expect } from 'chai';
import { formatProblems, sortProblems } from '../../plugin/parse/problems.js';
import type { Problem } from '../../plugin/routing/types.js';

const problem = (over: Partial<Problem>): Problem => ({
  file: 'rules/a.yaml',
  line: 3,
  column: 5,
  endLine: 3,
  endColumn: 9,
  severity: 'error',
  code: 'schema.type',
  message: 'bad',
  path: '/0',
  ...over,
});

describe('routing: printing problems', () => {
  it('text: FILE:LINE:COL: severity: MESSAGE, one per line', () => {
    const text = formatProblems(
      [problem({}), problem({ severity: 'warning', line: 4, column: 1, message: 'hmm' })],
      'text',
    );
    expect(text).to.equal('rules/a.yaml:3:5: error: bad\nrules/a.yaml:4:1: warning: hmm\n');
    expect(formatProblems([], 'text')).to.equal('');
  });

  it('text keeps each problem on one line even if a message held a line break', () => {
    expect(formatProblems([problem({ message: 'first\n  second' })], 'text')).to.equal(
      'rules/a.yaml:3:5: error: first second\n',
    );
  });

  it('json: exactly the documented fields, the stable code among them', () => {
    expect(JSON.parse(formatProblems([problem({})], 'json'))).to.deep.equal([
      {
        file: 'rules/a.yaml',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 9,
        severity: 'error',
        code: 'schema.type',
        message: 'bad',
        path: '/0',
      },
    ]);
  });

  it('github: workflow commands with escaped properties and data', () => {
    const out = formatProblems([problem({ file: 'a,b:c.yaml', message: '100% wrong\nreally' })], 'github');
    expect(out).to.equal('::error file=a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9::100%25 wrong%0Areally\n');
  });

  it('sorts by the given file order, then position, errors first', () => {
    const sorted = sortProblems(
      [
        problem({ file: 'b', line: 1 }),
        problem({ file: 'a', line: 9 }),
        problem({ file: 'a', line: 2, severity: 'warning' }),
        problem({ file: 'a', line: 2 }),
      ],
      ['b', 'a'],
    );
    expect(sorted.map((p) => `${p.file}${p.line}${p.severity[0]}`)).to.deep.equal(['b1e', 'a2e', 'a2w', 'a9e']);
  });
});
