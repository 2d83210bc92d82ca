import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCell } from '../../src/core/cell.js';
import type { Frame } from '../../src/core/frame.js';
import { topologyFromSymbols } from '../../src/core/topology.js';
import { readAll } from '../../src/io/vasp/test-util.js';
import { KBAR_TO_EV_PER_A3, vasprunReader } from '../../src/io/vasp/vasprun.js';
import { writeVasprun } from '../../src/io/vasp/vasprun-writer.js';
import { xdatcarReader } from '../../src/io/vasp/xdatcar.js';
import { sharedData } from '../helpers/data.js';
import { peerAvailable, runPythonJson } from './python.js';

/**
 * Peer cross-checks of the VASP readers: ASE 3.22 (`ase.io.read(…, format='vasp-xdatcar'
 * / 'vasp-xml')`) and pymatgen 2022.11 (`Xdatcar`, `Vasprun`) from Debian, on a real
 * argyrodite XDATCAR and on a vasprun.xml written by writeVasprun.
 */
const peer = peerAvailable('ase', 'pymatgen');
const run1 = sharedData('argyrodite-Li6PS5X-500K/Li6PS5Cl/0p/run1/actual_XDATCAR.gz');
const dir = mkdtempSync(join(tmpdir(), 'pw-vasp-peer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PeerTraj {
  symbols: string[];
  cells: number[][];
  positions: number[][];
}

const XDATCAR_PY = `
import sys, json
import ase.io
from pymatgen.io.vasp.outputs import Xdatcar
path = sys.argv[1]
images = ase.io.read(path, index=':', format='vasp-xdatcar')
ase_out = {'symbols': images[0].get_chemical_symbols(),
           'cells': [a.cell[:].reshape(-1).tolist() for a in images],
           'positions': [a.get_positions().reshape(-1).tolist() for a in images]}
structs = Xdatcar(path).structures
pmg_out = {'symbols': [s.specie.symbol for s in structs[0]],
           'cells': [s.lattice.matrix.reshape(-1).tolist() for s in structs],
           'positions': [s.cart_coords.reshape(-1).tolist() for s in structs]}
print(json.dumps({'ase': ase_out, 'pymatgen': pmg_out}))
`;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.skipIf(!peer.ok)(`VASP readers against ASE and pymatgen ${peer.reason}`, () => {
  it.skipIf(!run1.available)(`XDATCAR Li6PS5Cl 0p run1: species, cells and Cartesian positions equal to 1e-9 Å ${run1.reason}`, async () => {
    const plain = join(dir, 'XDATCAR');
    writeFileSync(plain, gunzipSync(readFileSync(run1.path)));
    const ours = await readAll(xdatcarReader, plain);
    const peers = runPythonJson<Record<'ase' | 'pymatgen', PeerTraj>>(XDATCAR_PY, [plain]);
    for (const name of ['ase', 'pymatgen'] as const) {
      const p = peers[name];
      expect(p.symbols, name).toEqual(ours.file.topology.symbols);
      expect(p.positions, name).toHaveLength(ours.frames.length);
      let dPos = 0;
      let dCell = 0;
      ours.frames.forEach((f, k) => {
        dPos = Math.max(dPos, maxAbsDiff(f.positions, p.positions[k]!));
        dCell = Math.max(dCell, maxAbsDiff(f.cell.matrix, p.cells[k]!));
      });
      expect(dPos, `${name} positions`).toBeLessThan(1e-9);
      expect(dCell, `${name} cells`).toBeLessThan(1e-9);
    }
    expect(ours.frames).toHaveLength(140);
  });

  it('vasprun.xml written by writeVasprun: ASE and pymatgen read the same positions, cells, forces, stress and energies', async () => {
    const topo = topologyFromSymbols(['Li', 'Li', 'B', 'H', 'Li']);
    const frames: Frame[] = [0, 1, 2].map((k) => ({
      index: k,
      segment: 0,
      cell: makeCell([8 + 0.1 * k, 0, 0, 0.3, 8.2, 0, -0.2, 0.1, 7.7 - 0.05 * k]),
      positions: Float64Array.from({ length: 15 }, (_, i) => ((i * 0.37 + k * 1.1) % 8) - 0.5),
      forces: Float64Array.from({ length: 15 }, (_, i) => i * 0.01 - 0.07 + k * 0.003),
      stress: Float64Array.from([1, 2, 3, 2, 5, 6, 3, 6, 9], (x) => (x - 2 * k) * 1e-3),
      energy: -10 - k,
    }));
    const path = join(dir, 'vasprun.xml');
    await writeVasprun(frames, topo, path, { decimals: 10 });
    const ours = await readAll(vasprunReader, path);
    const py = `
import sys, json
import ase.io
from pymatgen.io.vasp import Vasprun
path = sys.argv[1]
imgs = ase.io.read(path, index=':', format='vasp-xml')
a = [{'pos': x.get_positions().reshape(-1).tolist(), 'cell': x.cell[:].reshape(-1).tolist(),
      'forces': x.get_forces().reshape(-1).tolist(), 'stress': x.get_stress(voigt=False).reshape(-1).tolist(),
      'energy': x.get_potential_energy(force_consistent=True)} for x in imgs]
v = Vasprun(path, parse_dos=False, parse_eigen=False, parse_projected_eigen=False, parse_potcar_file=False)
p = [{'pos': s['structure'].cart_coords.reshape(-1).tolist(), 'cell': s['structure'].lattice.matrix.reshape(-1).tolist(),
      'forces': [c for row in s['forces'] for c in row], 'stressKbar': [c for row in s['stress'] for c in row],
      'energy': s['e_fr_energy']} for s in v.ionic_steps]
print(json.dumps({'ase': a, 'pymatgen': p, 'potim': v.parameters['POTIM']}))
`;
    const peers = runPythonJson<{ ase: Array<Record<string, number[] | number>>; pymatgen: Array<Record<string, number[] | number>>; potim: number }>(py, [path]);
    expect(peers.ase).toHaveLength(3);
    expect(peers.pymatgen).toHaveLength(3);
    expect(ours.file.frameSpacing).toBeCloseTo(peers.potim * 1e-3, 15);
    ours.frames.forEach((f, k) => {
      const a = peers.ase[k]!;
      const p = peers.pymatgen[k]!;
      expect(maxAbsDiff(f.positions, a.pos as number[])).toBeLessThan(1e-9);
      expect(maxAbsDiff(f.positions, p.pos as number[])).toBeLessThan(1e-9);
      expect(maxAbsDiff(f.cell.matrix, a.cell as number[])).toBeLessThan(1e-9);
      expect(maxAbsDiff(f.forces!, a.forces as number[])).toBeLessThan(1e-9);
      expect(maxAbsDiff(f.forces!, p.forces as number[])).toBeLessThan(1e-9);
      // ASE uses the same stress convention (eV/Å³, pressure = −trace/3); pymatgen keeps VASP's kBar.
      expect(maxAbsDiff(f.stress!, a.stress as number[])).toBeLessThan(1e-9);
      expect(maxAbsDiff(f.stress!, (p.stressKbar as number[]).map((x) => -x * KBAR_TO_EV_PER_A3))).toBeLessThan(1e-9);
      expect(f.energy).toBeCloseTo(a.energy as number, 9);
      expect(f.energy).toBeCloseTo(p.energy as number, 9);
    });
  });
});
