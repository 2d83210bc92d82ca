/**
 * The committed Born–Oppenheimer reference set (data/qe-pw-li2b12h12-104, issue 6): read back
 * through paddlewheel's own extxyz reader and checked against what PROVENANCE.md promises and
 * what physics requires of converged pw.x single points (neutral Li8B48H48 cells, net force
 * ≈ 0, symmetric stress, energies within a few eV of each other).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import type { Frame } from '../../src/core/frame.js';
import { composition } from '../../src/core/topology.js';
import { openTrajectory } from '../../src/io/open.js';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'qe-pw-li2b12h12-104');
const FILES = ['li2b12h12-104.extxyz.gz', 'li2b12h12-104-thermal-800K.extxyz.gz', 'li2b12h12-104-thermal-1200K.extxyz.gz'];
/** eV/Å³ → GPa. */
const EV_A3_GPA = 160.21766208;

async function frames(file: string): Promise<{ frames: Frame[]; symbols: string[]; warnings: number }> {
  const diagnostics = new DiagnosticLog();
  const traj = await openTrajectory([join(DIR, file)], { diagnostics });
  const out: Frame[] = [];
  for await (const f of traj.frames()) out.push(f);
  return { frames: out, symbols: traj.topology.symbols, warnings: diagnostics.toArray().filter((d) => d.level === 'warning').length };
}

describe('pw.x reference set of 104-atom β-Li2B12H12 cells', () => {
  it.skipIf(!FILES.every((f) => existsSync(join(DIR, f))))('≥ 100 converged configurations with energy, forces and stress', async () => {
    let total = 0;
    const energies: number[] = [];
    for (const file of FILES) {
      const r = await frames(file);
      expect(r.warnings, file).toBe(0);
      expect(composition({ symbols: r.symbols } as never), file).toEqual({ B: 48, H: 48, Li: 8 });
      for (const f of r.frames) {
        expect(f.energy, file).toBeDefined();
        expect(f.forces && f.stress, file).toBeTruthy();
        energies.push(f.energy!);
        // pw.x forces are those of a neutral periodic cell: they sum to zero (PROVENANCE: ≤ 3e-6 eV/Å).
        const net = [0, 0, 0];
        for (let i = 0; i < f.forces!.length; i++) net[i % 3]! += f.forces![i]!;
        expect(Math.max(...net.map(Math.abs)), `${file} frame ${f.index}`).toBeLessThan(1e-4);
        const s = f.stress!;
        expect(Math.abs(s[1]! - s[3]!) + Math.abs(s[2]! - s[6]!) + Math.abs(s[5]! - s[7]!)).toBeLessThan(1e-8);
        const pressure = (-(s[0]! + s[4]! + s[8]!) / 3) * EV_A3_GPA;
        expect(pressure).toBeGreaterThan(-8);
        expect(pressure).toBeLessThan(8);
        const vRel = f.cell.volume / 10.05 ** 3;
        expect(vRel).toBeGreaterThan(0.9);
        expect(vRel).toBeLessThan(1.1);
      }
      total += r.frames.length;
    }
    expect(total).toBeGreaterThanOrEqual(100);
    // One chemistry, mild distortions: every total energy within 10 eV (≈ 0.1 eV/atom) of the others.
    expect(Math.max(...energies) - Math.min(...energies)).toBeLessThan(10);
    expect(Math.min(...energies)).toBeGreaterThan(-6530);
  }, 60_000);
});
