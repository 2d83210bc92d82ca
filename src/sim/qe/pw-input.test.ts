import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../math/rng.js';
import { pwInputText } from './pw-input.js';
import { applyStrain, checkStoichiometry, parseRattle, randomStrain } from './pw-points.js';
import { resolvePseudopotentials } from './pw-pseudo.js';

const tmp = mkdtempSync(join(tmpdir(), 'pw-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const li2h2 = { symbols: ['Li', 'Li', 'H', 'H'], cell: [4.1, 0.05, 0, 0.05, 3.95, 0.12, 0, 0.12, 4], positions: [0.1, 0.05, -0.03, 2.05, 2.1, 0.02, 1.82, 0.21, 1.75, 0.05, 1.92, 2.2] };

/** Namelist keys (lower case) → raw values, and the cards, from a pw.x input text. */
function parseBack(text: string) {
  const keys: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)\s*=\s*('[^']*'|[^,\s]+)/g)) keys[m[1]!.toLowerCase()] = m[2]!;
  const lines = text.split('\n');
  const card = (name: string, n: number) => {
    const i = lines.findIndex((l) => l.startsWith(name));
    return lines.slice(i + 1, i + 1 + n).map((l) => l.trim().split(/\s+/));
  };
  return { keys, lines, card };
}

describe('pw.x input writer', () => {
  const text = pwInputText(li2h2, { prefix: 'p0000', outdir: './out', pseudoDir: '/pp', pseudopotentials: { Li: 'Li.UPF', H: 'H.UPF' } });
  const { keys, lines, card } = parseBack(text);
  it("carries the study's keys", () => {
    expect(keys).toMatchObject({ calculation: "'scf'", tprnfor: '.true.', tstress: '.true.', ibrav: '0', nat: '4', ntyp: '2', ecutwfc: '30.0', ecutrho: '240.0', input_dft: "'PBE'", conv_thr: '1d-7', pseudo_dir: "'/pp'" });
    expect(lines).toContain('K_POINTS gamma');
    expect(lines).toContain('CELL_PARAMETERS angstrom');
    expect(lines).toContain('ATOMIC_POSITIONS angstrom');
    expect(card('ATOMIC_SPECIES', 2)).toEqual([['Li', '6.94', 'Li.UPF'], ['H', '2.014', 'H.UPF']]);
  });
  it('cell and positions read back to the numbers given', () => {
    expect(card('CELL_PARAMETERS', 3).flat().map(Number)).toEqual(li2h2.cell);
    const pos = card('ATOMIC_POSITIONS', 4);
    expect(pos.map((r) => r[0])).toEqual(li2h2.symbols);
    expect(pos.flatMap((r) => r.slice(1).map(Number))).toEqual(li2h2.positions);
  });
});

describe('structure variations', () => {
  it('random strain is symmetric and bounded; x·(I+ε) applied to cell rows and positions', () => {
    const e = randomStrain(0.03, createRng(4));
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      expect(e[3 * i + j]).toBe(e[3 * j + i]);
      expect(Math.abs(e[3 * i + j]!)).toBeLessThanOrEqual(0.03);
    }
    const p = { symbols: ['Li'], cell: Float64Array.from([10, 0, 0, 0, 10, 0, 0, 0, 10]), positions: Float64Array.from([1, 2, 3]) };
    applyStrain(p, [0.01, 0.02, 0, 0.02, 0, 0, 0, 0, -0.01]);
    expect(Array.from(p.cell)).toEqual([10.1, 0.2, 0, 0.2, 10, 0, 0, 0, 9.9]);
    expect(p.positions[0]).toBeCloseTo(1.05, 12);
    expect(p.positions[1]).toBeCloseTo(2.02, 12);
    expect(p.positions[2]).toBeCloseTo(2.97, 12);
  });
  it('--rattle parsing', () => {
    expect(parseRattle('0.05,Li=0.25')).toEqual({ '*': 0.05, Li: 0.25 });
    expect(() => parseRattle('Li=-1')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
  it('neutral stoichiometric cells pass; Li6(B12H12)4 and unknown elements are refused', () => {
    const cell = (li: number) => [...Array<string>(48).fill('B'), ...Array<string>(48).fill('H'), ...Array<string>(li).fill('Li')];
    expect(() => checkStoichiometry(cell(8), 'c')).not.toThrow();
    expect(() => checkStoichiometry(['Li', 'Li', 'H', 'H'], 'c')).not.toThrow();
    expect(() => checkStoichiometry(cell(6), 'p0003')).toThrow(/p0003: B48H48Li6 is not neutral \(nominal charge -2 e/);
    expect(() => checkStoichiometry(cell(6), 'c')).toThrow(expect.objectContaining({ code: 'E_TOPOLOGY' }));
    expect(() => checkStoichiometry(['Fe', 'O'], 'c')).toThrow(/cannot check neutrality for Fe, O/);
    expect(() => checkStoichiometry(['Fe', 'O'], 'c', true)).not.toThrow();
  });
});

describe('pseudopotential lookup', () => {
  it("the study's names first, a unique <El>.*.UPF next; missing ones named in one E_IO error", () => {
    writeFileSync(join(tmp, 'H.pbe-rrkjus_psl.0.1.UPF'), '');
    writeFileSync(join(tmp, 'Na.pbe-spn-rrkjus.UPF'), '');
    const r = resolvePseudopotentials(['H', 'Na'], tmp);
    expect(r.files).toEqual({ H: 'H.pbe-rrkjus_psl.0.1.UPF', Na: 'Na.pbe-spn-rrkjus.UPF' });
    expect(r.guessed).toEqual(['Na']);
    expect(() => resolvePseudopotentials(['Li', 'H', 'K'], tmp)).toThrow(/missing pseudopotentials in .*: Li \(Li\.pbe-s-rrkjus_psl\.0\.2\.1\.UPF not found\); K \(K\.\*\.UPF not found\)/);
    expect(() => resolvePseudopotentials(['H'], join(tmp, 'nope'))).toThrow(expect.objectContaining({ code: 'E_IO' }));
  });
});

describe('built points', () => {
  it('deterministic, extendable (more --count keeps the first points), cations clear of other atoms after rattle and strain', async () => {
    const { pointsFromBuild } = await import('./pw-sources.js');
    const { MinimumImage } = await import('../../math/pbc.js');
    const { makeCell } = await import('../../core/cell.js');
    const base = { cation: 'Li', lattice: 'fcc' as const, a: 10.05, supercell: { kind: 'repeat' as const, n: [1, 1, 1] as [number, number, number] }, orientation: 'random' as const, limits: { cationAnion: 1.8 }, deuterium: true };
    const v = { seed: 11, copies: 1, strain: 0.03, rattle: { '*': 0.03, Li: 0.12 }, anionShift: 0.15, minCation: [1.7, 2.3] as [number, number] };
    const two = pointsFromBuild(base, ['tetrahedral', 'trigonal'], 2, v);
    const three = pointsFromBuild(base, ['tetrahedral', 'trigonal'], 3, v);
    expect(Array.from(three[1]!.positions)).toEqual(Array.from(two[1]!.positions));
    expect(three.map((p) => p.origin.cationSites)).toEqual(['tetrahedral', 'trigonal', 'tetrahedral']);
    for (const p of three) {
      expect(p.symbols.filter((s) => s === 'Li')).toHaveLength(8);
      const mi = new MinimumImage(makeCell(p.cell));
      let minLiH = Infinity;
      p.symbols.forEach((s, i) => { if (s === 'Li') p.symbols.forEach((t, j) => { if (t === 'H') minLiH = Math.min(minLiH, mi.distance(p.positions, i, p.positions, j)); }); });
      expect(minLiH).toBeGreaterThanOrEqual(1.7);
      expect(minLiH).toBeLessThan(3);
      expect((p.origin.strain as number[]).every((e) => Math.abs(e) <= 0.03)).toBe(true);
    }
  });
});

describe('molecular strain', () => {
  it('anions move rigidly with their centroids (B–H stays 1.20 Å), single ions and cell rows affinely', async () => {
    const { applyMolecularStrain } = await import('./pw-points.js');
    const { buildStructure } = await import('../build/build.js');
    const { MinimumImage } = await import('../../math/pbc.js');
    const { makeCell } = await import('../../core/cell.js');
    const b = buildStructure({ cation: 'Li', lattice: 'fcc', a: 10.05, supercell: { kind: 'repeat', n: [1, 1, 1] }, orientation: 'random', cationSites: 'tetrahedral', seed: 2 });
    const p = { symbols: b.topology.symbols, cell: Float64Array.from(b.cell.matrix), positions: Float64Array.from(b.frame.positions) };
    const eps = [0.03, 0.01, 0, 0.01, -0.02, 0.005, 0, 0.005, 0.01];
    const li0 = p.positions.slice(3 * 96, 3 * 97);
    applyMolecularStrain(p, eps);
    expect(p.cell[0]).toBeCloseTo(10.05 * 1.03, 12);
    expect(p.cell[1]).toBeCloseTo(10.05 * 0.01, 12);
    const mi = new MinimumImage(makeCell(p.cell));
    for (let k = 0; k < 48; k++) expect(mi.distance(p.positions, k, p.positions, 48 + k)).toBeCloseTo(1.2, 9);
    // Li 0 (atom 96) follows x' = x·(I + ε).
    expect(p.positions[3 * 96]).toBeCloseTo(li0[0]! * 1.03 + li0[1]! * 0.01, 9);
    // An affine strain would have stretched B–H.
    const q = { symbols: b.topology.symbols, cell: Float64Array.from(b.cell.matrix), positions: Float64Array.from(b.frame.positions) };
    applyStrain(q, eps);
    const mq = new MinimumImage(makeCell(q.cell));
    expect(Math.max(...Array.from({ length: 48 }, (_, k) => Math.abs(mq.distance(q.positions, k, q.positions, 48 + k) - 1.2)))).toBeGreaterThan(0.01);
  });
});
