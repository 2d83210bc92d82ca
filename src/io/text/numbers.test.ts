import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNumber, parseNumbers, parseNumbersAscii } from './numbers.js';
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

describe('parseNumbersAscii (the byte fast path)', () => {
  const bytes = (s: string) => Buffer.from(s, 'utf8');
  // Reference: what parseNumbers gives for the decoded line, or 'throws'.
  function reference(line: string, count: number, skip: number): number[] | 'throws' {
    const out = new Array<number>(count).fill(0);
    try {
      parseNumbers(line, out, 0, count, ctx, skip);
      return out;
    } catch {
      return 'throws';
    }
  }

  it('reads the usual trajectory lines and gives exactly the string parser’s values', () => {
    const out = new Float64Array(4);
    for (const line of ['  0.12345678  0.87654321 -0.00000001', 'Li 1.5 -2.5e-3 3D2 7', '\t1 +2. .5\r', '0.1234567890123456789 1e300 -0.0']) {
      const skip = line.startsWith('Li') ? 1 : 0;
      expect(parseNumbersAscii(bytes(line), 0, bytes(line).length, out, 0, 3, skip), line).toBe(true);
      expect(Array.from(out.subarray(0, 3))).toEqual(reference(line, 3, skip));
    }
    expect(Object.is(out[2], -0)).toBe(true);
  });

  it('declines (false) every line the string parser rejects, and checks the rest of the line with `whole`', () => {
    const out = new Float64Array(3);
    for (const bad of ['1 2', '1 2 x', '1 2 3e', '1 2 1e999', '1 2 0x10', '1 2 --1', '1 2 1.2.3', '1 2 ٣', 'a']) {
      expect(parseNumbersAscii(bytes(bad), 0, bytes(bad).length, out, 0, 3), bad).toBe(false);
      expect(reference(bad, 3, 0)).toBe('throws');
    }
    const line = bytes('xx 1 2 3  \t\n');
    expect(parseNumbersAscii(line, 3, line.length - 1, out, 0, 3, 0, true)).toBe(true); // a window of a larger buffer
    expect(parseNumbersAscii(bytes('1 2 3 4'), 0, 7, out, 0, 3, 0, true)).toBe(false);
  });

  it('never disagrees with parseNumbers on random lines (property)', () => {
    const token = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).chain((x) => fc.integer({ min: 0, max: 20 }).map((p) => x.toFixed(p))),
      fc.stringMatching(/^[+-]?\d{0,20}(\.\d{0,20})?([eEdD][+-]?\d{0,4})?$/),
      fc.constantFrom('Li', 'Å', 'nan', 'inf', '1e', '.', '-', '0x1F', '1,5', 'é1'),
    );
    const sep = fc.constantFrom(' ', '  ', '\t', ' \r', '\u000b', '\u00a0');
    const line = fc.tuple(fc.array(fc.tuple(sep, token), { maxLength: 6 }), sep).map(([parts, end]) => parts.map(([s, t]) => s + t).join('') + end);
    fc.assert(
      fc.property(line, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }), (text, count, skip) => {
        const out = new Float64Array(count);
        const b = bytes(text);
        const fast = parseNumbersAscii(b, 0, b.length, out, 0, count, skip);
        const ref = reference(text, count, skip);
        if (ref === 'throws') expect(fast).toBe(false);
        else if (fast) expect(Array.from(out).map((v) => Object.is(v, -0) ? '-0' : v)).toEqual(ref.map((v) => Object.is(v, -0) ? '-0' : v));
      }),
      { seed: 7, numRuns: 5000 },
    );
  });
});
