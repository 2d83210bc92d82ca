import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNumber, parseNumbers } from './numbers.js';
import { ParseError } from '../../core/errors.js';

const ctx = { file: 'f.txt', line: 7, what: 'test numbers' };

describe('parseNumbers', () => {
  it('parses plain, signed, exponent and Fortran D forms exactly like Number()', () => {
    const out = new Float64Array(8);
    parseNumbers('  1.5 -0.25 +3 1e-3 -2.5E+02 0.17031068057488E+01 1.0D-03 .5', out, 0, 8, ctx);
    expect(Array.from(out)).toEqual([1.5, -0.25, 3, 1e-3, -250, 1.7031068057488, 1e-3, 0.5]);
  });

  it('skips leading fields and reports the column of a bad field', () => {
    const out = new Float64Array(3);
    parseNumbers('Li 1 2 3', out, 0, 3, ctx, 1);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    try {
      parseNumbers('Li 1 2.x 3', out, 0, 3, ctx, 1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).line).toBe(7);
      expect((e as ParseError).column).toBe(6);
      expect((e as ParseError).code).toBe('E_PARSE');
    }
  });

  it('rejects too few fields, non-finite values, hex and empty input', () => {
    const out = new Float64Array(3);
    expect(() => parseNumbers('1 2', out, 0, 3, ctx)).toThrow(/found only 2/);
    for (const bad of ['nan', 'inf', 'Infinity', '1e999', '0x10', '1e', '-', '1.2.3', '--1']) {
      expect(() => parseNumbers(`1 ${bad} 2`, out, 0, 3, ctx), bad).toThrow(ParseError);
    }
  });

  it('agrees with Number() on random doubles printed in many ways (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 17 }), (x, p) => {
        for (const s of [String(x), x.toExponential(p - 1), x.toPrecision(p), x.toFixed(Math.min(p, 12))]) {
          const out = [0];
          parseNumbers(s, out, 0, 1, ctx);
          expect(out[0]).toBe(Number(s));
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('parseNumber returns NaN for non-numbers', () => {
    expect(parseNumber(' 2.5 ')).toBe(2.5);
    expect(parseNumber('abc')).toBeNaN();
    expect(parseNumber('')).toBeNaN();
  });
});
