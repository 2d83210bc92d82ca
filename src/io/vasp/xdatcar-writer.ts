import { sameCell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import type { Topology } from '../../core/topology.js';
import { directLines, poscarHeader, writeAtomically } from './write-util.js';

/** Options of {@link writeXdatcar} and {@link writePoscar}. */
export interface VaspWriteOptions {
  /**
   * Repeat the header (with that frame's cell) before every configuration, as VASP does for
   * variable-cell runs (ISIF ≥ 3). Without it every frame must have the first frame's cell
   * (to 1e-9 Å), else E_USAGE.
   */
  variableCell?: boolean;
  /** Comment (line 1); default: the composition, e.g. `Li192 Cl32 S160 P32`. */
  comment?: string;
  /** Decimals of fractional coordinates and lattice components; VASP writes 8 and 6. Default 8. */
  decimals?: number;
}

/**
 * Write frames as a VASP 5 XDATCAR (Direct coordinates: f = r·M⁻¹ of each frame's cell,
 * not wrapped into [0, 1), so unwrapped input stays unwrapped). The configuration number is
 * `frame.step` when set, else the 1-based frame count. Written to a temporary file and
 * renamed, so a failure leaves no partial file. Frames may be any (async) iterable; they
 * are streamed, not collected.
 */
export async function writeXdatcar(
  frames: Iterable<Frame> | AsyncIterable<Frame>,
  topology: Topology,
  path: string,
  options: VaspWriteOptions = {},
): Promise<void> {
  const decimals = options.decimals ?? 8;
  const comment = options.comment ?? formula(topology);
  const n = topology.symbols.length;
  await writeAtomically(path, async (w) => {
    let count = 0;
    let firstCell: Frame['cell'] | undefined;
    for await (const f of frames) {
      if (f.positions.length !== 3 * n) {
        throw new PaddlewheelError('E_TOPOLOGY', `writeXdatcar ${path}: frame ${count} has ${f.positions.length / 3} atoms, the topology ${n}`);
      }
      if (count === 0 || options.variableCell) await w.write(poscarHeader(comment, f.cell, topology, decimals));
      if (count === 0) firstCell = f.cell;
      else if (!options.variableCell && !sameCell(firstCell!, f.cell)) {
        throw new PaddlewheelError('E_USAGE', `writeXdatcar ${path}: the cell of frame ${count} differs from the first; pass variableCell: true`);
      }
      count++;
      await w.write(`Direct configuration=${String(f.step ?? count).padStart(6)}\n`);
      await w.write(directLines(f.cell, f.positions, decimals));
    }
    if (count === 0) throw new PaddlewheelError('E_USAGE', `writeXdatcar ${path}: no frames to write`);
  });
}

/**
 * Write one frame as a VASP 5 POSCAR (species line, `Direct` fractional coordinates, no
 * velocities), atomically. Atoms keep their order; non-contiguous atoms of one element give
 * repeated species names (see speciesBlocks), so the POTCAR must follow the same blocks.
 */
export async function writePoscar(frame: Frame, topology: Topology, path: string, options: Omit<VaspWriteOptions, 'variableCell'> = {}): Promise<void> {
  const decimals = options.decimals ?? 8;
  if (frame.positions.length !== 3 * topology.symbols.length) {
    throw new PaddlewheelError('E_TOPOLOGY', `writePoscar ${path}: the frame has ${frame.positions.length / 3} atoms, the topology ${topology.symbols.length}`);
  }
  await writeAtomically(path, async (w) => {
    await w.write(poscarHeader(options.comment ?? formula(topology), frame.cell, topology, decimals));
    await w.write('Direct\n');
    await w.write(directLines(frame.cell, frame.positions, decimals));
  });
}

/** Composition in order of first appearance, e.g. `Li192 Cl32 S160 P32`. */
function formula(t: Topology): string {
  const c = new Map<string, number>();
  for (const s of t.symbols) c.set(s, (c.get(s) ?? 0) + 1);
  return [...c].map(([s, k]) => `${s}${k}`).join(' ');
}
