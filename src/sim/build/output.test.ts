import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cell, makeCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { openTrajectory } from '../../io/open.js';
import { restrictedBox } from '../../io/lammps-dump/box.js';
import { parseCpInput } from '../../io/qe-cp/input.js';
import { type BuildOptions, buildStructure } from './build.js';
import { type BuildFormat, formatFromPath, resolveFormat, writeBuilt } from './output.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts: BuildOptions = { cation: 'Li', lattice: 'fcc', a: 10.05, supercell: { kind: 'paper' }, orientation: 'random', cationSites: 'trigonal', seed: 4, deuterium: true };
const built = buildStructure(opts);

// Largest distance between corresponding atoms, each difference taken to its nearest image (27 images).
function maxMismatch(cell: Cell, p: ArrayLike<number>, q: ArrayLike<number>): number {
  const m = cell.matrix;
  let worst = 0;
  for (let i = 0; i < p.length; i += 3) {
    let best = Infinity;
    for (let s0 = -1; s0 <= 1; s0++) for (let s1 = -1; s1 <= 1; s1++) for (let s2 = -1; s2 <= 1; s2++) {
      const d = [0, 1, 2].map((c) => q[i + c]! - p[i + c]! + s0 * m[c]! + s1 * m[3 + c]! + s2 * m[6 + c]!);
      best = Math.min(best, Math.hypot(d[0]!, d[1]!, d[2]!));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

async function firstFrame(path: string, format?: string): Promise<{ symbols: string[]; frame: Frame }> {
  const t = await openTrajectory([path], { format });
  for await (const f of t.frames()) return { symbols: t.topology.symbols, frame: f };
  throw new Error('no frame');
}

async function write(name: string, format?: string, o: BuildOptions = opts): Promise<string> {
  const p = join(dir, name);
  const b = o === opts ? built : buildStructure(o);
  await writeBuilt(b, p, resolveFormat(p, format));
  return p;
}

describe('built structures round-trip through our readers', () => {
  it('extxyz: symbols, cell and positions (1e-9 Å)', async () => {
    const r = await firstFrame(await write('li.extxyz'));
    expect(r.symbols).toEqual(built.topology.symbols);
    expect(Array.from(r.frame.cell.matrix)).toEqual(Array.from(built.cell.matrix));
    expect(maxMismatch(built.cell, r.frame.positions, built.frame.positions)).toBeLessThan(1e-9);
  });

  it('POSCAR (VASP 5) through the XDATCAR/POSCAR reader', async () => {
    const p = await write('POSCAR');
    const r = await firstFrame(p, 'xdatcar');
    expect(r.symbols).toEqual(built.topology.symbols);
    expect(readFileSync(p, 'utf8').split('\n').slice(5, 7).map((l) => l.trim().split(/\s+/))).toEqual([['B', 'H', 'Li'], ['96', '96', '16']]);
    expect(maxMismatch(built.cell, r.frame.positions, built.frame.positions)).toBeLessThan(1e-8);
  });

  it('LAMMPS data (atom_style full): types, molecule ids, charges 0, D mass, rotated cell and positions', async () => {
    const text = readFileSync(await write('li.data'), 'utf8');
    const lines = text.split('\n');
    const num = (re: RegExp) => Number(re.exec(text)![1]);
    expect(num(/^(\d+) atoms$/m)).toBe(208);
    expect(num(/^(\d+) atom types$/m)).toBe(3);
    const lx = num(/^0 (\S+) xlo xhi$/m), ly = num(/^0 (\S+) ylo yhi$/m), lz = num(/^0 (\S+) zlo zhi$/m);
    expect(/xy xz yz/.test(text)).toBe(false);
    const cell = makeCell([lx, 0, 0, 0, ly, 0, 0, 0, lz]);
    expect(cell.volume).toBeCloseTo(2 * 10.05 ** 3, 6);
    const masses = lines.slice(lines.indexOf('Masses') + 2, lines.indexOf('Masses') + 5).map((l) => l.split(/\s+/).slice(0, 4));
    expect(masses).toEqual([['1', '10.81', '#', 'B'], ['2', '2.014', '#', 'H'], ['3', '6.94', '#', 'Li']]);
    const start = lines.findIndex((l) => l.startsWith('Atoms # full')) + 2;
    const rows = lines.slice(start, start + 208).map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 208 }, (_, i) => i + 1));
    expect(rows.map((r) => r[1])).toEqual(Array.from(built.moleculeIds));
    expect(rows.map((r) => r[2])).toEqual(built.topology.symbols.map((s) => ['B', 'H', 'Li'].indexOf(s) + 1));
    expect(rows.every((r) => r[3] === 0)).toBe(true);
    // The writer rotates r → r·Q into LAMMPS's restricted orientation.
    const Q = restrictedBox(built.cell).rotation;
    const p = built.frame.positions;
    const expected = Float64Array.from({ length: p.length }, (_, k) => {
      const i = k - (k % 3), c = k % 3;
      return p[i]! * Q[c]! + p[i + 1]! * Q[3 + c]! + p[i + 2]! * Q[6 + c]!;
    });
    expect(maxMismatch(cell, rows.flatMap((r) => r.slice(4, 7)), expected)).toBeLessThan(1e-9);
  });

  it('QE cp.x input: parseCpInput reads nat, ntyp, ibrav 0, D mass and the Å positions; CELL_PARAMETERS are the cell', async () => {
    const text = readFileSync(await write('li.in'), 'utf8');
    const inp = parseCpInput(text, 'li.in');
    expect([inp.nat, inp.ntyp, inp.ibrav]).toEqual([208, 3, 0]);
    expect(inp.species.map((s) => [s.label, s.mass])).toEqual([['B', 10.81], ['H', 2.014], ['Li', 6.94]]);
    expect(inp.atoms.units).toBe('angstrom');
    expect(inp.atoms.labels).toEqual(built.topology.symbols);
    inp.atoms.coordinates.forEach((x, i) => expect(Math.abs(x - built.frame.positions[i]!)).toBeLessThanOrEqual(5e-11));
    const cellLines = text.split('\n');
    const at = cellLines.indexOf('CELL_PARAMETERS angstrom');
    expect(cellLines.slice(at + 1, at + 4).flatMap((l) => l.trim().split(/\s+/).map(Number))).toEqual(Array.from(built.cell.matrix));
  });

  it('same seed → byte-identical files in every format; another seed → different files', async () => {
    for (const [name, fmt] of [['x.extxyz', 'extxyz'], ['x.vasp', 'poscar'], ['x.data', 'lammps-data'], ['x.in', 'qe']] as [string, BuildFormat][]) {
      const a = readFileSync(await write(`a-${name}`, fmt, { ...opts }), 'utf8');
      const b = readFileSync(await write(`b-${name}`, fmt, { ...opts }), 'utf8');
      const c = readFileSync(await write(`c-${name}`, fmt, { ...opts, seed: 5 }), 'utf8');
      expect(b, fmt).toBe(a);
      expect(c, fmt).not.toBe(a);
    }
  });

  it('format from the name, --format overrides, unknown names are a usage error', () => {
    expect(['a.xyz', 'a.extxyz.gz', 'POSCAR', 'CONTCAR_1', 'a.vasp', 'a.data', 'a.lmp', 'md.in', 'x.pwi'].map(formatFromPath)).toEqual([
      'extxyz', 'extxyz', 'poscar', 'poscar', 'poscar', 'lammps-data', 'lammps-data', 'qe', 'qe',
    ]);
    expect(resolveFormat('whatever', 'qe')).toBe('qe');
    expect(() => resolveFormat('a.txt')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => resolveFormat('a.xyz', 'pdb')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => resolveFormat('POSCAR.gz')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });
});
