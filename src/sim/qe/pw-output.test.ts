import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../test/helpers/data.js';
import { parsePwOutput, RY_PER_BOHR3_TO_EV_PER_A3, RY_PER_BOHR_TO_EV_PER_A, RY_TO_EV } from './pw-output.js';

// Real pw.x 6.7 outputs (Li2H2 in a sheared 4 Å cell, the study's Li and H pseudopotentials,
// 30/240 Ry, Γ, 2 MPI ranks); the input is beside them.
const FIX = join(ROOT, 'test', 'fixtures', 'qe-pw');
const ok = readFileSync(join(FIX, 'li2h2-scf.out'), 'utf8');
const nc = readFileSync(join(FIX, 'li2h2-not-converged.out'), 'utf8');
const EV_PER_A3_TO_KBAR = 1602.1766208;

describe('parsePwOutput (real pw.x output)', () => {
  const r = parsePwOutput(ok, 'li2h2-scf.out');
  it('energy Ry → eV, iterations, functional, completion', () => {
    expect(r.nat).toBe(4);
    expect(r.converged).toBe(true);
    expect(r.jobDone).toBe(true);
    expect(r.failure).toBeUndefined();
    expect(r.scfIterations).toBe(12);
    expect(r.functional).toBe('PBE');
    expect(r.version).toBe('v.6.7MaX');
    expect(r.energy).toBe(-31.88825841 * RY_TO_EV);
    expect(r.energy).toBeCloseTo(-433.8618, 3);
    expect(RY_TO_EV).toBe(13.605693122994);
    expect(r.wallSeconds).toBeGreaterThan(0);
  });
  it('forces Ry/bohr → eV/Å, atom-major', () => {
    expect(r.forces).toHaveLength(12);
    expect(r.forces![0]).toBe(0.01002948 * RY_PER_BOHR_TO_EV_PER_A);
    expect(r.forces![3 * 2 + 2]).toBe(-0.05056824 * RY_PER_BOHR_TO_EV_PER_A);
    // ASE 3.22 (CODATA 2014 constants) reads -0.88001379 eV/Å for this component.
    expect(r.forces![3 * 3 + 0]).toBeCloseTo(-0.88001379, 5);
  });
  it('stress: ASE sign (minus pw.x tensor) in eV/Å³; −trace/3 is pw.x P in kbar', () => {
    const s = r.stress!;
    expect(s[0]).toBe(-0.00057328 * RY_PER_BOHR3_TO_EV_PER_A3);
    expect(s[8]).toBe(0.00202052 * RY_PER_BOHR3_TO_EV_PER_A3);
    expect(s[1]).toBe(s[3]);
    // ASE 3.22 reads stress xy = 0.00935327 and zz = 0.18551558 eV/Å³ from this file.
    expect(s[1]).toBeCloseTo(0.00935327, 7);
    expect(s[8]).toBeCloseTo(0.18551558, 6);
    const p = (-(s[0]! + s[4]! + s[8]!) / 3) * EV_PER_A3_TO_KBAR;
    expect(r.pressureKbar).toBe(-64.15);
    expect(p).toBeCloseTo(-64.15, 1);
    // The kbar columns pw.x prints, converted back: xx 84.33 kbar → −84.33 in ASE sign.
    expect(s[0]! * EV_PER_A3_TO_KBAR).toBeCloseTo(-84.33, 1);
  });
  it('a non-converged SCF is reported with pw.x message and no energy', () => {
    const f = parsePwOutput(nc, 'nc.out');
    expect(f.converged).toBe(false);
    expect(f.jobDone).toBe(true);
    expect(f.scfIterations).toBe(3);
    expect(f.failure).toMatch(/convergence NOT achieved after\s+3 iterations/);
    expect(f.energy).toBeUndefined();
    expect(f.forces).toBeUndefined();
  });
  it('a run cut short (no JOB DONE) is a failure; truncated forces and bad numbers throw E_PARSE with the line', () => {
    const lines = ok.split('\n');
    const cut = lines.findIndex((l) => l.includes('Total force ='));
    expect(parsePwOutput(lines.slice(0, cut + 1).join('\n'), 'cut.out').failure).toMatch(/before JOB DONE/);
    const fl = lines.findIndex((l) => l.includes('atom    3 type  2   force'));
    try {
      parsePwOutput(lines.slice(0, fl).join('\n'), 'trunc.out');
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('E_PARSE');
      expect((e as { line: number }).line).toBe(fl);
    }
    const bad = [...lines];
    bad[fl] = bad[fl]!.replace('0.01057850', '*********');
    expect(() => parsePwOutput(bad.join('\n'), 'bad.out')).toThrow(expect.objectContaining({ code: 'E_PARSE', line: fl + 1 }));
    const st = lines.findIndex((l) => l.includes('total   stress'));
    const bs = [...lines];
    bs[st + 2] = '   0.1 x';
    expect(() => parsePwOutput(bs.join('\n'), 'bs.out')).toThrow(expect.objectContaining({ code: 'E_PARSE', line: st + 3 }));
  });
});
