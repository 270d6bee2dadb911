import { expect } from 'chai';
import {
  compareInstants,
  covers,
  formatInstant,
  formatInstantMicros,
  parseInstant,
} from '../../../plugin/providers/instant.js';

describe('incident.io instants (microsecond timestamps)', () => {
  it('keeps the microseconds Date.parse drops', () => {
    expect(Date.parse('2026-11-26T09:00:00.000500Z')).to.equal(Date.parse('2026-11-26T09:00:00Z'));
    expect(parseInstant('2026-11-26T09:00:00.000500Z')).to.deep.equal({
      ms: Date.parse('2026-11-26T09:00:00Z'),
      us: 500,
    });
    expect(parseInstant('2026-11-26T09:00:00.123456Z')).to.deep.equal({
      ms: Date.parse('2026-11-26T09:00:00.123Z'),
      us: 456,
    });
  });

  it('rounds digits finer than a microsecond up, which is exact against whole-millisecond instants', () => {
    expect(parseInstant('2026-11-26T09:00:00.0000001Z')).to.deep.equal({
      ms: Date.parse('2026-11-26T09:00:00Z'),
      us: 1,
    });
    expect(parseInstant('2026-11-26T09:00:00.999999999Z')).to.deep.equal({
      ms: Date.parse('2026-11-26T09:00:01Z'),
      us: 0,
    });
    expect(parseInstant('2026-11-26T09:00:00.000000000Z')).to.deep.equal({
      ms: Date.parse('2026-11-26T09:00:00Z'),
      us: 0,
    });
  });

  it('applies offsets and rejects impossible dates and non-RFC 3339 text', () => {
    expect(parseInstant('2026-11-26T10:00:00+01:00')!.ms).to.equal(Date.parse('2026-11-26T09:00:00Z'));
    expect(parseInstant('2026-11-26T04:00:00-05:00')!.ms).to.equal(Date.parse('2026-11-26T09:00:00Z'));
    for (const bad of [
      '2026-11-31T09:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-11-26T24:00:00Z',
      '2026-11-26 09:00',
      '2026-11-26T09:00:00',
      'tomorrow',
      '',
      42,
      null,
    ]) {
      expect(parseInstant(bad), String(bad)).to.equal(undefined);
    }
    expect(parseInstant('2028-02-29T00:00:00Z')).to.not.equal(undefined);
  });

  it('covers is half-open: start <= at < end, to the microsecond', () => {
    const start = parseInstant('2026-11-26T09:00:00Z')!;
    const end = parseInstant('2026-11-26T09:00:00.000500Z')!;
    expect(covers(start, end, parseInstant('2026-11-26T09:00:00Z')!)).to.equal(true);
    expect(covers(start, end, parseInstant('2026-11-26T09:00:00.000499Z')!)).to.equal(true);
    expect(covers(start, end, parseInstant('2026-11-26T09:00:00.000500Z')!)).to.equal(false);
    expect(covers(start, end, parseInstant('2026-11-26T08:59:59.999999Z')!)).to.equal(false);
    expect(compareInstants(start, end)).to.be.lessThan(0);
  });

  it('formats with as many fraction digits as needed, and in incident.io style', () => {
    expect(formatInstant(parseInstant('2026-11-27T00:00:00Z')!)).to.equal('2026-11-27T00:00:00Z');
    expect(formatInstant(parseInstant('2026-11-27T00:00:00.120Z')!)).to.equal('2026-11-27T00:00:00.120Z');
    expect(formatInstant(parseInstant('2026-11-27T00:00:00.000500Z')!)).to.equal('2026-11-27T00:00:00.000500Z');
    expect(formatInstantMicros(parseInstant('2026-11-27T01:00:00+01:00')!)).to.equal('2026-11-27T00:00:00.000000Z');
  });
});
