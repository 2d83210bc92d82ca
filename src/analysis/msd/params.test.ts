import { describe, expect, it } from 'vitest';
import { parseCharges, parseDrift, parseFitWindow, resolveCharges } from './params.js';

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return (e as { code?: string }).code; }
  return undefined;
}

describe('msd options', () => {
  it('--fit takes ps, or ps/fs suffixes, and rejects reversed or malformed windows', () => {
    expect(parseFitWindow(undefined)).toBeUndefined();
    expect(parseFitWindow('2:20')).toEqual({ start: 2, end: 20 });
    expect(parseFitWindow('2ps:20ps')).toEqual({ start: 2, end: 20 });
    expect(parseFitWindow('500fs:1.5ps')).toEqual({ start: 0.5, end: 1.5 });
    expect(() => parseFitWindow('5:2')).toThrow(/--fit 5:2: the start must be before the end/);
    expect(() => parseFitWindow('2-20')).toThrow(/expected START:END/);
    expect(() => parseFitWindow('-1:3')).toThrow(/not a time ≥ 0/);
    expect(code(() => parseFitWindow('a:b'))).toBe('E_USAGE');
  });

  it('--drift none|framework|species:X', () => {
    expect(parseDrift(undefined)).toEqual({ kind: 'framework' });
    expect(parseDrift('none')).toEqual({ kind: 'none' });
    expect(parseDrift('species:b')).toEqual({ kind: 'species', symbol: 'B' });
    expect(() => parseDrift('sideways')).toThrow(/expected none, framework/);
    expect(() => parseDrift('species:Xx')).toThrow(/not an element symbol/);
  });

  it('--charge lists, defaults by element, and errors', () => {
    expect(parseCharges(['Li=1', 'Mg=2,Na=0.8'])).toEqual({ Li: 1, Mg: 2, Na: 0.8 });
    expect(() => parseCharges('Li=x')).toThrow(/--charge Li=x: expected ELEMENT=CHARGE/);
    expect(() => parseCharges('Li=0')).toThrow(/non-zero/);
    expect(resolveCharges(['Li', 'Mg'], undefined)).toEqual({ Li: 1, Mg: 2 });
    expect(resolveCharges(['Li'], { Li: 0.7 })).toEqual({ Li: 0.7 });
    expect(() => resolveCharges(['Al'], undefined)).toThrow(/no default formal charge for Al; give --charge Al=Q/);
    expect(() => resolveCharges(['Li'], { Na: 1 })).toThrow(/Na is not a mobile ion/);
  });
});
