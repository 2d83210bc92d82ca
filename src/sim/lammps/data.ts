import { readFile } from 'node:fs/promises';
import { cartToFrac, makeCell } from '../../core/cell.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { type LammpsDataWritten, writeLammpsData } from '../../io/lammps-dump/data-writer.js';

/**
 * data.lmp for a rigid-anion run: {@link writeLammpsData} (atom_style full, charges, molecule
 * ids), then image flags appended to every Atoms line so each molecule is whole.
 *
 * Why: the shared writer wraps every atom into the box, which splits an anion that straddles
 * a face; with image flags 0 LAMMPS's rigid fixes then see a body as wide as the box ("Rigid
 * body extent > ghost cutoff"). For each molecule the first atom keeps image 0 0 0 and every
 * other atom gets the integer shift n = round(f_first − f_atom) (fractional, per axis) that
 * puts it at its minimum image from the first atom: unwrapped x = x + n·(box vectors).
 * Atoms of molecule 0 (cations) keep 0 0 0. A body must be smaller than half the box.
 */
export async function writeRigidData(frame: Frame, topology: Topology, path: string, charges: ArrayLike<number>, moleculeIds: ArrayLike<number>, comment: string): Promise<LammpsDataWritten> {
  const written = await writeLammpsData(frame, topology, path, { atomStyle: 'full', charges, moleculeIds, velocities: false, comment });
  const text = await readFile(path, 'utf8');
  await writeFileAtomic(path, withImageFlags(text, written.matrix, moleculeIds));
  return written;
}

/**
 * Append `ix iy iz` to the Atoms lines (`id mol type q x y z`) of a data file written by
 * {@link writeLammpsData} with atom_style full, so that every molecule (id > 0) is whole.
 * `matrix` holds the box rows (Å) the file was written with.
 */
export function withImageFlags(text: string, matrix: ArrayLike<number>, moleculeIds: ArrayLike<number>): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Atoms'));
  if (start < 0) throw new PaddlewheelError('E_INTERNAL', 'data file without an Atoms section');
  const n = moleculeIds.length;
  const cell = makeCell(matrix);
  const cart = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) {
    const f = lines[start + 2 + k]!.trim().split(/\s+/);
    if (f.length !== 7 || Number(f[0]) !== k + 1) throw new PaddlewheelError('E_INTERNAL', `data file Atoms line ${k + 1}: expected "id mol type q x y z"`);
    for (let d = 0; d < 3; d++) cart[3 * k + d] = Number(f[4 + d]);
  }
  const frac = cartToFrac(cell, cart);
  const first = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    const mol = moleculeIds[k]!;
    let img = [0, 0, 0];
    if (mol > 0) {
      const ref = first.get(mol);
      if (ref === undefined) first.set(mol, k);
      else img = [0, 1, 2].map((d) => Math.round(frac[3 * ref + d]! - frac[3 * k + d]!));
    }
    lines[start + 2 + k] = `${lines[start + 2 + k]} ${img.join(' ')}`;
  }
  return lines.join('\n');
}
