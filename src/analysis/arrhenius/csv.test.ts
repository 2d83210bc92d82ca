import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatArrheniusCsv, parseArrheniusCsv, readArrheniusCsv, type ArrheniusPoint } from './index.js';

function parseErr(text: string): { code?: string; line?: number; column?: number; message: string } {
  try {
    parseArrheniusCsv(text, 'd.csv');
  } catch (e) {
    return e as { code?: string; line?: number; column?: number; message: string };
  }
  throw new Error('expected a ParseError');
}

describe('Arrhenius CSV', () => {
  it('round-trips the written form exactly, labels with commas and quotes included', async () => {
    const pts: ArrheniusPoint[] = [
      { label: '600K', T: 600, D: 1.234567890123e-6, stderr: 1.1e-7 },
      { label: 'run "b", 700 K', T: 700.5, D: 3.3e-6, stderr: 2.0000000000000004e-7 },
      { label: ' padded ', T: 1000, D: 0, stderr: 1e-9 },
    ];
    const text = formatArrheniusCsv(pts);
    expect(text.split('\n')[0]).toBe('label,T,D,stderr');
    const back = parseArrheniusCsv(text, 'x.csv');
    expect(back.points.map(({ label, T, D, stderr }) => ({ label, T, D, stderr }))).toEqual(pts);
    expect(back.columns).toEqual({ T: 'T', D: 'D', error: 'stderr', label: 'label' });
    expect(back.points.map((p) => p.line)).toEqual([2, 3, 4]);
    const dir = mkdtempSync(join(tmpdir(), 'pw-arr-'));
    writeFileSync(join(dir, 'a.csv'), text);
    expect((await readArrheniusCsv(join(dir, 'a.csv'))).points).toHaveLength(3);
    await expect(readArrheniusCsv(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'E_IO' });
  });

  it('is forgiving with header names, case, spaces, separators, comments, CRLF and BOM', () => {
    const variants = [
      '\uFEFF# D(T) of Li\n T_K , D_cm2_s , D_Error \r\n600, 1e-6, 1e-7\r\n\r\n800,4e-6,2e-7\r\n',
      'Temperature;D (cm^2/s);stderr\n600;1e-6;1e-7\n800;4e-6;2e-7\n',
      'temp\tD [cm²/s]\tsigma_D\tnote\n600\t1e-6\t1e-7\tx\n800\t4e-6\t2e-7\ty\n',
      'T   D   D_err\n600  1e-6  1e-7\n  800 4e-6   2e-7\n',
      'T,D_A2_ps,stderr\n600,1e-2,1e-3\n800,4e-2,2e-3\n',
    ];
    for (const v of variants) {
      const r = parseArrheniusCsv(v, 'v.csv');
      expect(r.points.map((p) => [p.T, p.D, p.stderr]), v).toEqual([[600, expect.closeTo(1e-6, 20), expect.closeTo(1e-7, 20)], [800, expect.closeTo(4e-6, 20), expect.closeTo(2e-7, 20)]]);
      expect(r.points[0]!.label).toBe('600 K');
    }
    expect(parseArrheniusCsv(variants[2]!, 'v.csv').ignored).toEqual(['note']);
    expect(parseArrheniusCsv(variants[0]!, 'v.csv').points.map((p) => p.line)).toEqual([3, 5]);
    // No error column: stderr null (the fit is then unweighted).
    expect(parseArrheniusCsv('T,D\n600,1e-6\n', 'v.csv').points[0]!.stderr).toBeNull();
  });

  it('reports bad input with line and column', () => {
    expect(parseErr('T,D,stderr\n600,1e-6,1e-7\n700,,1e-7\n')).toMatchObject({ code: 'E_PARSE', line: 3, column: 5 });
    expect(parseErr('T,D,stderr\n600,1e-6,1e-7\n700,abc,1e-7\n')).toMatchObject({ code: 'E_PARSE', line: 3, column: 5 });
    expect(parseErr('T,D,stderr\n600,1e-6,1e-7\n700,abc,1e-7\n').message).toMatch(/^d\.csv:3:5: expected a finite number for column "D".*found "abc"/);
    expect(parseErr('T,D,stderr\n600,1e-6\n')).toMatchObject({ line: 2, column: 9 });
    expect(parseErr('T,D,stderr\n600,1e-6,1e-7,9\n')).toMatchObject({ line: 2, column: 15 });
    expect(parseErr('T,D,stderr\n-600,1e-6,1e-7\n')).toMatchObject({ line: 2, column: 1 });
    expect(parseErr('T,D,stderr\n600,1e-6,0\n')).toMatchObject({ line: 2, column: 10 });
    expect(parseErr('T,D,stderr\n600,1e-6,NaN\n')).toMatchObject({ line: 2, column: 10 });
    expect(parseErr('\n\nD,stderr\n1e-6,1e-7\n')).toMatchObject({ line: 3, column: 1 });
    expect(parseErr('\n\nD,stderr\n1e-6,1e-7\n').message).toMatch(/temperature column named T/);
    expect(parseErr('600,1e-6,1e-7\n')).toMatchObject({ line: 1 });
    expect(parseErr('600,1e-6,1e-7\n').message).toMatch(/a header line naming the columns/);
    expect(parseErr('T,D,D_cm2_s\n600,1,1\n')).toMatchObject({ line: 1, column: 5 });
    expect(parseErr('')).toMatchObject({ code: 'E_PARSE', line: 1 });
    expect(parseErr('T,D\n# only a comment\n')).toMatchObject({ line: 3 });
    expect(parseErr('label,T,D\n"open,600,1e-6\n')).toMatchObject({ line: 2, column: 1 });
  });
});
