// Filter patterns: RE2's dialect, compiled at load; what RE2 cannot express is refused with its own kind.
import { expect } from 'chai';
import fc from 'fast-check';
import { compileFilterPattern, patternFinding, patternProblem } from '../../plugin/routing/pattern.js';

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
      '`prod(uction` is not a valid RE2 regular expression: missing closing ): `prod(uction`',
    );
    expect(patternProblem('[a-')).to.match(/^`\[a-` is not a valid RE2 regular expression: /);
    expect(patternProblem('*prod')).to.match(/missing argument to repetition operator/);
    expect(patternFinding('*prod')?.kind).to.equal('invalid');
  });

  it('refuses lookaround and backreferences as unsupported by RE2, naming the construct', () => {
    const cases: Record<string, RegExp> = {
      '^(?=.*prod)': /`\(\?=` is a lookahead/,
      'a(?!b)': /`\(\?!` is a lookahead/,
      '(?<=x)y': /`\(\?<=` is a lookbehind/,
      '(?<!x)y': /`\(\?<!` is a lookbehind/,
      '(a)\\1': /`\\1` is a backreference/,
      '(?<n>a)\\k<n>': /named backreference/,
    };
    for (const [pattern, message] of Object.entries(cases)) {
      const finding = patternFinding(pattern);
      expect(finding?.kind, pattern).to.equal('unsupported');
      expect(finding?.message, pattern).to.match(message);
    }
    // Escaped or inside a class, the same characters are plain text.
    expect(patternFinding('\\(?=')).to.equal(undefined); // an optional `(`, then `=`
    expect(patternFinding('[(?=]')).to.equal(undefined);
    expect(patternFinding('\\\\1')).to.equal(undefined);
  });

  it('accepts nested repeats: RE2 matches them in linear time', () => {
    for (const p of ['^(a+)+$', '(\\w*)*x', '(x+y?){2,}', '^([a-z0-9]+-?){1,63}\\.prod\\.example\\.com$']) {
      expect(patternProblem(p), p).to.equal(undefined);
    }
  });

  it('reads `\\A` and `\\z` as RE2 anchors, not letters', () => {
    const re = compileFilterPattern('\\Aprod\\z');
    expect(re.test('prod')).to.equal(true);
    expect(re.test('Aprodz')).to.equal(false);
    expect(re.test('my-prod')).to.equal(false);
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
