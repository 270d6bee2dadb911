// Filter patterns: must compile, and must not have the nested-repeat shape that makes a backtracking
// regular expression take exponential time on some inputs.
import { expect } from 'chai';
import fc from 'fast-check';
import { compileFilterPattern, nestedRepeat, patternProblem } from '../../plugin/routing/pattern.js';

describe('routing: filter patterns', () => {
  it('accepts the patterns people write for resource names and tags', () => {
    for (const p of [
      '^prod$',
      'prod',
      '^(ReadOnly|ViewOnly)Access$',
      '^[a-z0-9-]+$',
      '(ab)+',
      '(a|b)*c',
      '^arn:aws:iam::\\d{12}:role/.+$',
      '\\(a+\\)+',
      '[(a+)+]',
      '(?:eu|us)-(?:west|east)-\\d',
      '(a+b)?',
      '(ab){2,3}',
      '^(?<env>prod|staging)$',
    ]) {
      expect(patternProblem(p), p).to.equal(undefined);
    }
  });

  it('refuses patterns that do not compile, saying why', () => {
    expect(patternProblem('prod(uction')).to.equal(
      '`prod(uction` is not a valid regular expression: Unterminated group',
    );
    expect(patternProblem('[a-')).to.match(/^`\[a-` is not a valid regular expression: /);
    expect(patternProblem('*prod')).to.match(/Nothing to repeat/);
  });

  it('refuses a repeated group that contains a repeat, naming the group', () => {
    const cases: Record<string, string> = {
      '^(a+)+$': '(a+)+',
      '(\\w*)*x': '(\\w*)*',
      '^((a+)b)+$': '((a+)b)+',
      '(x+y?){2,}': '(x+y?){2,}',
      '(.*)*': '(.*)*',
      '(?:[a-z]+-?)+$': '(?:[a-z]+-?)+',
      '(a+)+?': '(a+)+?',
    };
    for (const [pattern, group] of Object.entries(cases)) {
      expect(nestedRepeat(pattern), pattern).to.equal(group);
      expect(patternProblem(pattern), pattern).to.include('repeats a group that itself contains a repeat');
    }
  });

  it('refuses very long patterns', () => {
    expect(patternProblem('a'.repeat(1001))).to.equal('the pattern is longer than 1000 characters');
    expect(patternProblem('a'.repeat(1000))).to.equal(undefined);
  });

  it('compiles unanchored and case-sensitive, as documented', () => {
    expect(compileFilterPattern('prod').test('my-prod-db')).to.equal(true);
    expect(compileFilterPattern('prod').test('PROD')).to.equal(false);
  });

  it('never throws, and whatever it accepts compiles', () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 40,
          unit: fc.constantFrom(
            'a',
            '(',
            ')',
            '+',
            '*',
            '?',
            '{',
            '}',
            '2',
            ',',
            '[',
            ']',
            '\\',
            '|',
            '^',
            '$',
            '.',
            ':',
          ),
        }),
        (p) => {
          const why = patternProblem(p);
          if (why === undefined) expect(() => compileFilterPattern(p)).to.not.throw();
          else expect(why).to.be.a('string');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
