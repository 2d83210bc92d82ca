import { describe, expect, it } from 'vitest';
import { cli } from '../e2e/cli.js';
import { sharedData } from '../helpers/data.js';
import { peerAvailable, runPythonJson } from './python.js';

const peer = peerAvailable('MDAnalysis', 'ase');
const na = sharedData('na3ps4-800K/cNa3PS4_800K_pda_unwrapped.extxyz.gz');

// MDAnalysis 2.4.2 InterRDF on the same frames: ASE reads the extxyz, positions are carried
// over in fractional coordinates into MDAnalysis's own box orientation (a along x).
// InterRDF normalises by N_A·N_B/⟨V⟩ and the exact shell volume 4π/3(r₊³ − r₋³), as we do for
// a fixed cell; its bins are numpy's histogram edges, as ours.
const INTER_RDF = `
import json, sys, time
import numpy as np
import ase.io
import MDAnalysis as mda
from MDAnalysis.coordinates.memory import MemoryReader
from MDAnalysis.analysis.rdf import InterRDF
from MDAnalysis.lib.mdamath import triclinic_vectors
path, a, b, rmax, nbins = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
frames = ase.io.read(path, index=':', format='extxyz')
sym = frames[0].get_chemical_symbols()
coords = np.empty((len(frames), len(sym), 3)); dims = np.empty((len(frames), 6))
for t, at in enumerate(frames):
    dims[t] = at.cell.cellpar()
    coords[t] = (at.positions @ np.linalg.inv(at.cell.array)) @ triclinic_vectors(dims[t])
u = mda.Universe.empty(len(sym), trajectory=True)
u.add_TopologyAttr('name', sym)
u.load_new(coords, format=MemoryReader, dimensions=dims)
t0 = time.perf_counter()
r = InterRDF(u.select_atoms('name ' + a), u.select_atoms('name ' + b), nbins=nbins, range=(0.0, rmax))
r.run()
print(json.dumps({'bins': r.results.bins.tolist(), 'rdf': r.results.rdf.tolist(), 'count': r.results.count.tolist(), 'seconds': time.perf_counter() - t0, 'version': mda.__version__}))
`;

describe('g(r) vs MDAnalysis InterRDF', () => {
  const skip = !peer.ok ? peer.reason : !na.available ? na.reason : '';
  it.skipIf(skip !== '')(`Na3PS4 S–Na, 350 bins to 7 Å (below half the cell): equal to 1e-6 except single pairs on a bin edge ${skip}`, () => {
    const rmax = 7, nbins = 350;
    const mda = runPythonJson<{ bins: number[]; rdf: number[]; count: number[]; seconds: number; version: string }>(INTER_RDF, [na.path, 'S', 'Na', String(rmax), String(nbins)]);
    const t0 = performance.now();
    const r = cli(['rdf', na.path, '--pair', 'S:Na', '--rmax', String(rmax), '--bin', String(rmax / nbins), '--json']);
    const ms = performance.now() - t0;
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { r: number[]; g: number[]; n: number[]; centres: number; frames: number };
    expect(mda.version).toBe('2.4.2');
    expect(o.r).toHaveLength(nbins);
    o.r.forEach((x, k) => expect(Math.abs(x - mda.bins[k]!)).toBeLessThan(1e-12));
    // Our pair counts per bin from n(r): n is the cumulative count per A point and frame.
    const ours = o.n.map((x, k) => Math.round((x - (k ? o.n[k - 1]! : 0)) * o.centres * o.frames));
    let cum = 0, exact = 0;
    for (let k = 0; k < nbins; k++) {
      const d = ours[k]! - mda.count[k]!;
      cum += d;
      // MDAnalysis holds positions in float32: a pair within ~1e-6 Å of an edge may fall on
      // the other side of it, moving one count to the neighbouring bin (never more).
      expect(Math.abs(cum), `cumulative count difference at edge ${k + 1}`).toBeLessThanOrEqual(1);
      if (d === 0) {
        exact++;
        const rel = mda.rdf[k] === 0 ? Math.abs(o.g[k]!) : Math.abs(o.g[k]! / mda.rdf[k]! - 1);
        expect(rel, `bin ${k} at ${o.r[k]} Å`).toBeLessThanOrEqual(1e-6);
      }
    }
    expect(cum).toBe(0);
    expect(exact).toBeGreaterThanOrEqual(nbins - 6);
    console.log(`InterRDF ${mda.seconds.toFixed(3)} s (analysis only); paddlewheel CLI ${(ms / 1000).toFixed(3)} s (process start, reading and analysis)`);
  });
});
