import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cartToFrac, cellParameters } from '../../src/core/cell.js';
import { buildStructure } from '../../src/sim/build/build.js';
import { parseSupercell } from '../../src/sim/build/supercell.js';
import { ROOT } from '../helpers/data.js';
import { cli } from './cli.js';

/**
 * `paddlewheel simulate --engine lammps` without LAMMPS: a stand-in `lmp` (a shell script that
 * fails the way LAMMPS does) lets the run folder be written and checked — protocol lines of
 * in.lmp, data.lmp against the builder — and the failure path (LAMMPS's ERROR line, log path,
 * no complete-looking trajectory). Invalid model and missing engine must write nothing.
 */
const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-lammps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODEL = join(ROOT, 'test', 'fixtures', 'lammps', 'illustrative-li-model.json');
const ERROR_LINE = 'ERROR: Lost atoms: original 208 current 207 (src/thermo.cpp:481)';
const fakeLmp = join(dir, 'fake-lmp');
// Writes one snapshot header to the partial dump, then fails like LAMMPS.
writeFileSync(fakeLmp, `#!/bin/sh\necho "LAMMPS (29 Sep 2021 - Update 2)"\nprintf 'ITEM: TIMESTEP\\n0\\n' > traj.lammpstrj.part\necho "${ERROR_LINE}"\necho "Last command: run 50000"\nexit 1\n`);
chmodSync(fakeLmp, 0o755);

const base = ['simulate', '--engine', 'lammps', '--cation', 'Li', '--lattice', 'fcc', '--a', '10.05', '--supercell', 'paper', '--temperature', '800', '--time', '50ps', '--timestep', '1', '--dump-every', '10fs', '--seed', '5'];

/** Atoms section of a data file written for atom_style full with image flags. */
function parseData(text: string) {
  const lines = text.split('\n');
  const n = Number(/^(\d+) atoms$/m.exec(text)![1]);
  const len = (ax: string) => Number(new RegExp(`^0 (\\S+) ${ax}lo ${ax}hi$`, 'm').exec(text)![1]);
  const i = lines.findIndex((l) => l.startsWith('Atoms # full'));
  const atoms = lines.slice(i + 2, i + 2 + n).map((l) => l.split(' ').map(Number));
  return { n, box: [len('x'), len('y'), len('z')], atoms, tilt: /xy xz yz/.test(text) };
}

describe('paddlewheel simulate --engine lammps (no LAMMPS needed)', () => {
  const out = join(dir, 'run');
  const r = cli([...base, '--model', MODEL, '--lmp', fakeLmp, '--out', out]);

  it('surfaces LAMMPS\'s ERROR line with the log path and leaves no complete-looking trajectory', () => {
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error E_ENGINE');
    expect(r.stderr).toContain(ERROR_LINE);
    expect(r.stderr).toContain(join(out, 'log.lammps'));
    expect(r.stderr).toContain('traj.lammpstrj.part (incomplete)');
    expect(existsSync(join(out, 'traj.lammpstrj'))).toBe(false);
    expect(readFileSync(join(out, 'log.lammps'), 'utf8')).toContain(ERROR_LINE);
  });

  it('writes in.lmp with the protocol: units, pair style and coefficients, PPPM, rigid anions, thermostats, momentum, dump', () => {
    const t = readFileSync(join(out, 'in.lmp'), 'utf8');
    const has = (re: RegExp) => expect(t).toMatch(re);
    has(/^units\s+metal$/m);
    has(/^atom_style\s+full$/m);
    has(/^read_data\s+data\.lmp$/m);
    has(/^pair_style\s+buck\/coul\/long 8$/m);
    // Types in builder order B, H, Li; unlisted pairs are zero.
    has(/^pair_coeff\s+2 3 1000 0\.2 0\b.*H-Li$/m);
    has(/^pair_coeff\s+2 2 2000 0\.25 0\b.*H-H$/m);
    has(/^pair_coeff\s+1 2 0 1 0\b.*B-H$/m);
    has(/^pair_coeff\s+3 3 0 1 0\b.*Li-Li$/m);
    expect(t.match(/^pair_coeff/gm)).toHaveLength(6);
    has(/^kspace_style\s+pppm 0\.00001$/m);
    has(/^group\s+anions type 1 2$/m);
    has(/^group\s+cations type 3$/m);
    has(/^fix\s+anions anions rigid\/nvt\/small molecule temp 800 800 0\.1$/m);
    has(/^fix\s+cations cations nvt temp 800 800 0\.1$/m);
    has(/^fix\s+zero all momentum 10 linear 1 1 1$/m);
    expect(t).not.toMatch(/exclude/);
    has(/^comm_modify\s+cutoff 10\.5$/m);
    has(/^timestep\s+0\.001$/m);
    has(/^velocity\s+all create 800 6 mom yes/m);
    has(/^dump\s+traj all custom 10 traj\.lammpstrj\.part id type element x y z vx vy vz$/m);
    has(/^dump_modify\s+traj element B H Li sort id time yes units yes format float %\.15g$/m);
    has(/^run\s+50000$/m);
    expect(readFileSync(join(out, 'model.json'), 'utf8')).toBe(readFileSync(MODEL, 'utf8'));
  });

  it('writes data.lmp: the builder\'s cell and atoms, model charges, molecule ids, image flags making each anion whole', () => {
    const b = buildStructure({ cation: 'Li', lattice: 'fcc', a: 10.05, supercell: parseSupercell('paper'), orientation: 'random', cationSites: 'trigonal', seed: 5 });
    const d = parseData(readFileSync(join(out, 'data.lmp'), 'utf8'));
    expect(d.n).toBe(208);
    expect(d.tilt).toBe(false);
    // The paper cell's vectors are rotated into LAMMPS's orientation: same lengths, same fractional coordinates.
    const cp = cellParameters(b.cell);
    expect(d.box[0]).toBeCloseTo(cp.a, 10);
    expect(d.box[1]).toBeCloseTo(cp.b, 10);
    expect(d.box[2]).toBeCloseTo(cp.c, 10);
    const frac = cartToFrac(b.cell, b.frame.positions);
    const q = { B: -0.01, H: -0.1, Li: 0.66 } as Record<string, number>;
    const types = ['B', 'H', 'Li'];
    let total = 0;
    for (let k = 0; k < d.n; k++) {
      const [id, mol, type, charge, x, y, z] = d.atoms[k]!;
      const el = b.topology.symbols[k]!;
      expect(id).toBe(k + 1);
      expect(mol).toBe(b.moleculeIds[k]);
      expect(types[type! - 1]).toBe(el);
      expect(charge).toBe(q[el]);
      total += charge!;
      const p = [x!, y!, z!];
      for (let c = 0; c < 3; c++) {
        const df = p[c]! / d.box[c]! - frac[3 * k + c]!;
        expect(Math.abs(df - Math.round(df))).toBeLessThan(1e-9);
      }
    }
    expect(Math.abs(total)).toBeLessThan(1e-9);
    // Unwrapped with the image flags, each anion's atoms lie within the H radius (2.90 Å) of their mean.
    for (let mol = 1; mol <= 8; mol++) {
      const rows = d.atoms.filter((a) => a[1] === mol).map((a) => [0, 1, 2].map((c) => a[4 + c]! + a[7 + c]! * d.box[c]!));
      expect(rows).toHaveLength(24);
      const mean = [0, 1, 2].map((c) => rows.reduce((s, r) => s + r[c]!, 0) / 24);
      const far = Math.max(...rows.map((r) => Math.hypot(r[0]! - mean[0]!, r[1]! - mean[1]!, r[2]! - mean[2]!)));
      expect(far).toBeCloseTo(2.9, 6);
    }
    expect(d.atoms.filter((a) => a[1] === 0).every((a) => a[7] === 0 && a[8] === 0 && a[9] === 0)).toBe(true);
    // At least one anion straddles a face in this cell, so the flags are exercised.
    expect(d.atoms.some((a) => a[7] !== 0 || a[8] !== 0 || a[9] !== 0)).toBe(true);
  });

  it('refuses a folder that already holds a run (its partial trajectory)', () => {
    const again = cli([...base, '--model', MODEL, '--lmp', fakeLmp, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds a run');
  });
});

describe('simulate --engine lammps: bad input writes nothing', () => {
  it('an invalid model file → E_PARSE naming the field', () => {
    const bad = JSON.parse(readFileSync(MODEL, 'utf8'));
    bad.pairs[1].rho = -0.2;
    const p = join(dir, 'bad-model.json');
    writeFileSync(p, JSON.stringify(bad));
    const o = join(dir, 'bad-model-run');
    const r = cli([...base, '--model', p, '--lmp', fakeLmp, '--out', o]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error E_PARSE');
    expect(r.stderr).toContain('pairs[1].rho');
    expect(existsSync(o)).toBe(false);
  });

  it('a model that leaves the cell charged → E_USAGE', () => {
    const bad = JSON.parse(readFileSync(MODEL, 'utf8'));
    bad.charges.Li = 0.7;
    const p = join(dir, 'charged-model.json');
    writeFileSync(p, JSON.stringify(bad));
    const o = join(dir, 'charged-run');
    const r = cli([...base, '--model', p, '--lmp', fakeLmp, '--out', o]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/total charge is 0\.64\d* e/);
    expect(existsSync(o)).toBe(false);
  });

  it('LAMMPS missing → E_ENGINE before anything is written', () => {
    const o = join(dir, 'no-engine-run');
    const named = cli([...base, '--model', MODEL, '--lmp', join(dir, 'no-such-lmp'), '--out', o]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('error E_ENGINE');
    expect(named.stderr).toContain('LAMMPS not found');
    const onPath = cli([...base, '--model', MODEL, '--out', o], { PATH: join(dir, 'empty-path') });
    expect(onPath.code).toBe(1);
    expect(onPath.stderr).toContain('lmp, lmp_serial, lmp_mpi on PATH');
    expect(existsSync(o)).toBe(false);
  });

  it('a dump interval that is not a whole number of timesteps → E_USAGE', () => {
    const r = cli([...base.map((a) => (a === '10fs' ? '2.5fs' : a)), '--model', MODEL, '--lmp', fakeLmp, '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dump-every (2.5 fs) is not a whole number of --timestep 1 fs');
  });
});
