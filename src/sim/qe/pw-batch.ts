import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { makeCell } from '../../core/cell.js';
import { PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { writeExtxyz } from '../../io/extxyz/write.js';
import { type PwInputOptions, pwInputText, roundCoords } from './pw-input.js';
import { type PwResult, parsePwOutput } from './pw-output.js';
import type { PointSpec } from './pw-points.js';

/**
 * A resumable batch of single points in a work folder: one subfolder per point holding
 * `pw.in`, `point.json` (structure and origin; written last, so its presence means the point
 * is prepared) and, once pw.x has finished, `pw.out`. A point is *done* when pw.out holds a
 * converged SCF with energy and forces, *failed* when pw.out holds anything else (pw.x's
 * message is kept), *pending* otherwise. Finished and failed points are never rerun.
 */

/** State of one point folder. */
export interface PointState {
  name: string;
  dir: string;
  state: 'done' | 'failed' | 'pending';
  spec: PointSpec;
  result?: PwResult;
  /** Why it failed. */
  failure?: string;
}

/** Write each point's folder unless it is already prepared; refuse one prepared differently. */
export async function preparePoints(work: string, points: PointSpec[], input: Omit<PwInputOptions, 'prefix' | 'outdir'>): Promise<{ prepared: number; existing: number }> {
  await mkdir(work, { recursive: true });
  let prepared = 0, existing = 0;
  for (const p of points) {
    const dir = join(work, p.name);
    const spec: PointSpec = { ...p, cell: roundCoords(p.cell), positions: roundCoords(p.positions) };
    const text = pwInputText(spec, { ...input, prefix: p.name, outdir: './out' });
    if (existsSync(join(dir, 'point.json'))) {
      const old = await readFile(join(dir, 'pw.in'), 'utf8').catch(() => '');
      if (old !== text) throw new PaddlewheelError('E_USAGE', `${dir}: prepared with another structure or settings than this command makes; use a new --work folder (or the same options and seed as before)`);
      existing++;
      continue;
    }
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, 'pw.in'), text);
    await writeFileAtomic(join(dir, 'point.json'), `${JSON.stringify({ name: p.name, symbols: spec.symbols, cell: Array.from(spec.cell), positions: Array.from(spec.positions), origin: p.origin })}\n`);
    prepared++;
  }
  return { prepared, existing };
}

/** Read the state of every prepared point (`p*` folders with point.json), in name order. */
export async function readPoints(work: string): Promise<PointState[]> {
  if (!existsSync(work)) throw new PaddlewheelError('E_IO', `--work ${work}: no such folder`);
  const names = readdirSync(work).filter((n) => /^p\d+$/.test(n) && existsSync(join(work, n, 'point.json'))).sort();
  const out: PointState[] = [];
  for (const name of names) out.push(await readPoint(join(work, name), name));
  return out;
}

/** State of one point folder. */
export async function readPoint(dir: string, name: string): Promise<PointState> {
  const raw = JSON.parse(await readFile(join(dir, 'point.json'), 'utf8')) as { symbols: string[]; cell: number[]; positions: number[]; origin: Record<string, unknown> };
  const spec: PointSpec = { name, symbols: raw.symbols, cell: Float64Array.from(raw.cell), positions: Float64Array.from(raw.positions), origin: raw.origin };
  const outFile = join(dir, 'pw.out');
  if (!existsSync(outFile)) return { name, dir, state: 'pending', spec };
  const result = parsePwOutput(await readFile(outFile, 'utf8'), outFile);
  const complete = result.converged && result.jobDone && result.energy !== undefined && result.forces !== undefined;
  if (complete && result.nat !== spec.symbols.length) throw new PaddlewheelError('E_TOPOLOGY', `${outFile}: ${result.nat} atoms, point.json ${spec.symbols.length}`);
  if (complete) return { name, dir, state: 'done', spec, result };
  return { name, dir, state: 'failed', spec, result, failure: result.failure ?? 'no converged SCF' };
}

/**
 * Write the done points as one extended XYZ (ASE conventions, via writeExtxyz): per frame
 * `Lattice`, `energy` (eV), `stress` (eV/Å³, ASE sign) and per atom `forces` (eV/Å), plus the
 * info keys `config` (point name) and `scf_iterations`, as in the pilot set. Built in memory
 * and written atomically (a `.gz` name is gzipped), so an interrupted run never leaves a partial
 * file. Returns the number of frames.
 */
export async function writeCombined(points: PointState[], path: string): Promise<number> {
  const done = points.filter((p) => p.state === 'done');
  const chunks: string[] = [];
  for (const p of done) {
    const r = p.result!;
    const frame: Frame = { index: 0, segment: 0, positions: Float64Array.from(p.spec.positions), cell: makeCell(p.spec.cell), forces: r.forces, energy: r.energy };
    if (r.stress) frame.stress = r.stress;
    let text = '';
    const sink = new Writable({ write(c: Buffer | string, _e, cb) { text += c.toString(); cb(); } });
    await writeExtxyz([frame], topologyFromSymbols(p.spec.symbols), sink, { decimals: 'exact' });
    const nl = text.indexOf('\n');
    const nl2 = text.indexOf('\n', nl + 1);
    chunks.push(`${text.slice(0, nl2)} config=${p.name} scf_iterations=${r.scfIterations ?? 0}${text.slice(nl2)}`);
  }
  const body = chunks.join('');
  await writeFileAtomic(path, /\.gz$/i.test(path) ? gzipSync(body) : body);
  return done.length;
}
