import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { type PaddlewheelError, isPaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { AU_TIME_TO_PS } from '../../core/units.js';
import { EVP_HEADER, fortranF } from './writer.js';
import { qeCpReader } from './reader.js';

const root = mkdtempSync(join(tmpdir(), 'pw-qecp-bad-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let serial = 0;

const INPUT = (nat: number) => `&control\n prefix = 'x', dt = 6.0\n/\n&system\n ibrav = 1, celldm(1) = 10.0, nat = ${nat}, ntyp = 2\n/\nATOMIC_SPECIES\n Li1 6.94 Li.UPF\n H 2.014 H.UPF\nATOMIC_POSITIONS (bohr)\n${['Li1 0 0 0', 'H 1 1 1', 'H 2 2 2'].slice(0, nat).join('\n')}\n`;
const STEP_PS = 6 * AU_TIME_TO_PS;

/** cp.x-like text of `n` blocks of `rows` rows each, nfi = 10, 20, …; `time` maps nfi to the header's time field. */
function blocks(n: number, rows: number, time = (nfi: number) => fortranF(nfi * STEP_PS, 13, 8)): string {
  let s = '';
  for (let k = 1; k <= n; k++) {
    s += `${String(10 * k).padStart(8)} ${time(10 * k)}\n`;
    for (let r = 0; r < rows; r++) s += `     0.${k}${r}000000000000E+01     0.10000000000000E+01    -0.20000000000000E+00\n`;
  }
  return s;
}
/** A cubic 10-bohr cell in `.cel` layout, `n` blocks with the same headers as `blocks`. */
function CEL(n: number): string {
  let s = '';
  for (let k = 1; k <= n; k++) {
    s += `${String(10 * k).padStart(8)} ${fortranF(10 * k * STEP_PS, 13, 8)}\n`;
    s += '   10.00000000    0.00000000    0.00000000\n    0.00000000   10.00000000    0.00000000\n    0.00000000    0.00000000   10.00000000\n';
  }
  return s;
}

/** Write a file set into a fresh folder; returns the folder. */
function set(files: Record<string, string>, nat = 2): string {
  const d = join(root, `s${serial++}`);
  mkdirSync(d);
  writeFileSync(join(d, 'x.in'), INPUT(nat));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

async function read(d: string, qeInput?: string): Promise<{ frames: Frame[]; log: DiagnosticLog }> {
  const log = new DiagnosticLog();
  const tf = await qeCpReader.open(join(d, 'x.pos'), { diagnostics: log, qeInput });
  const frames: Frame[] = [];
  for await (const f of tf.frames()) frames.push(f);
  return { frames, log };
}

async function failure(d: string, qeInput?: string): Promise<PaddlewheelError & { line?: number; column?: number }> {
  try {
    await read(d, qeInput);
  } catch (e) {
    if (isPaddlewheelError(e)) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('qe-cp reader: synthetic and malformed files', () => {
  it('reads a well-formed synthetic set (the baseline for the cases below)', async () => {
    const { frames, log } = await read(set({ 'x.pos': blocks(3, 2), 'x.cel': CEL(3) }));
    expect(frames.map((f) => f.step)).toEqual([10, 20, 30]);
    expect(frames[2]!.cell.volume).toBeCloseTo(1000 * 0.529177210903 ** 3, 9);
    expect(frames[0]!.velocities).toBeUndefined();
    expect(log.toArray().map((d) => d.code)).toEqual(['I_QE_INPUT_FOUND']);
  });

  it('names the missing .cel', async () => {
    const e = await failure(set({ 'x.pos': blocks(2, 2) }));
    expect(e.code).toBe('E_IO');
    expect(e.message).toContain('x.cel not found');
  });

  it('a block with one atom line too few: E_PARSE at the line where the next header sits', async () => {
    const pos = blocks(3, 2).split('\n');
    pos.splice(5, 1); // line 6, the second block's last atom line (lines 4–6 are block 2)
    const e = await failure(set({ 'x.pos': pos.join('\n'), 'x.cel': CEL(3) }));
    expect([e.code, e.line]).toEqual(['E_PARSE', 6]);
    expect(e.message).toMatch(/found a new header after 1/);
  });

  it('a block with one line too many: E_PARSE at the extra line', async () => {
    const pos = blocks(3, 2).split('\n');
    pos.splice(6, 0, '     0.1E+01     0.1E+01     0.1E+01'); // line 7, after block 2 (lines 4–6)
    const e = await failure(set({ 'x.pos': pos.join('\n'), 'x.cel': CEL(3) }));
    expect([e.code, e.line]).toEqual(['E_PARSE', 7]);
    expect(e.message).toMatch(/block header/);
  });

  it('a non-numeric field: E_PARSE with line and column, naming the atom', async () => {
    const pos = blocks(2, 2).replace('     0.11000000000000E+01     0.10000000000000E+01', '     0.11000000000000E+01     0.1000000x000000E+01');
    const e = await failure(set({ 'x.pos': pos, 'x.cel': CEL(2) }));
    expect([e.code, e.line, e.column]).toEqual(['E_PARSE', 3, 31]);
    expect(e.message).toContain('atom 2');
    const nan = blocks(2, 2).replace('0.11000000000000E+01', 'NaN');
    expect((await failure(set({ 'x.pos': nan, 'x.cel': CEL(2) }))).line).toBe(3);
  });

  it('a truncated last block keeps the whole frames and warns with the line', async () => {
    const pos = blocks(3, 2).split('\n').slice(0, 8).join('\n') + '\n'; // block 3 has its header and one row
    const { frames, log } = await read(set({ 'x.pos': pos, 'x.cel': CEL(3) }));
    expect(frames).toHaveLength(2);
    const w = log.toArray().find((d) => d.code === 'W_TRUNCATED_FRAME')!;
    expect([w.level, w.line]).toEqual(['warning', 7]);
    expect(w.message).toContain('2 line(s)');
    const cut = blocks(3, 2).slice(0, -30); // cut inside the last row
    expect((await read(set({ 'x.pos': cut, 'x.cel': CEL(3) }))).frames).toHaveLength(2);
  });

  it('--qe-input with a different nat: E_TOPOLOGY naming both counts', async () => {
    const d = set({ 'x.pos': blocks(2, 2), 'x.cel': CEL(2) });
    writeFileSync(join(d, 'three.in'), INPUT(3));
    const e = await failure(d, join(d, 'three.in'));
    expect(e.code).toBe('E_TOPOLOGY');
    expect(e.message).toMatch(/nat = 3, but the frames of .*x\.pos have 2 atoms/);
  });

  it('no input beside the files: E_USAGE asking for --qe-input', async () => {
    const d = set({ 'x.pos': blocks(2, 2), 'x.cel': CEL(2) });
    rmSync(join(d, 'x.in'));
    const e = await failure(d);
    expect(e.code).toBe('E_USAGE');
    expect(e.message).toContain('--qe-input');
  });

  it('a frame missing from .cel (and .cel shorter) is skipped by nfi with a count', async () => {
    const cel = CEL(4).split('\n');
    cel.splice(4, 4); // drop nfi 20
    const { frames, log } = await read(set({ 'x.pos': blocks(4, 2), 'x.cel': cel.slice(0, 8).join('\n') + '\n' }));
    expect(frames.map((f) => f.step)).toEqual([10, 30]);
    expect(frames.map((f) => f.index)).toEqual([0, 1]);
    const w = log.toArray().filter((d) => d.code === 'W_QE_UNMATCHED_FRAMES');
    expect(w.map((d) => d.message)).toEqual([expect.stringMatching(/^2 frame\(s\) of .*x\.pos were skipped: .*x\.cel has no block/)]);
  });

  it('asterisk times (Fortran overflow) are derived from nfi × dt, said once', async () => {
    const big = (nfi: number) => (nfi >= 30 ? '*'.repeat(13) : fortranF(nfi * STEP_PS, 13, 8));
    const { frames, log } = await read(set({ 'x.pos': blocks(5, 2, big), 'x.cel': CEL(5) }));
    expect(frames.map((f) => f.time)).toEqual([0.00145133, 0.00290266, 0.00290266 + 10 * STEP_PS, 0.00290266 + 20 * STEP_PS, 0.00290266 + 30 * STEP_PS]);
    const notes = log.toArray().filter((d) => d.code === 'I_QE_TIME_DERIVED');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.line).toBe(7);
    const glued = blocks(2, 2, (n) => (n === 20 ? '*'.repeat(11) : fortranF(n * STEP_PS, 13, 8))).replace(`      20 ${'*'.repeat(11)}`, `${'1'.repeat(8)}${'*'.repeat(11)}`);
    expect((await read(set({ 'x.pos': glued, 'x.cel': CEL(2).replace('      20 ', '11111111 ') }))).frames[1]!.step).toBe(11111111);
  });

  it('.evp: temperature/energy by nfi, a repeated header mid-run starts a segment, a short last row is dropped', async () => {
    const row = (nfi: number, t: number) => `${String(nfi).padStart(7)}  1.0E-03  0.0E+00  0.0E+00  ${t.toExponential(6)}  -59.5  -59.5  -59.5  -59.5  1.0E+03  0.0`;
    const evp = [EVP_HEADER, row(10, 700), row(20, 710), EVP_HEADER, row(30, 720), row(40, 730), '     50  1.0E'].join('\n');
    const { frames, log } = await read(set({ 'x.pos': blocks(5, 2), 'x.cel': CEL(5), 'x.evp': evp }));
    expect(frames.map((f) => f.temperature)).toEqual([700, 710, 720, 730, undefined]);
    expect(frames.map((f) => f.segment)).toEqual([0, 0, 1, 1, 1]);
    expect(log.toArray().find((d) => d.code === 'I_QE_EVP_MISSING')!.message).toMatch(/^1 frame/);
    expect(frames[0]!.energy).toBeCloseTo(-59.5 * 27.211386245988, 9);
    const split = log.toArray().find((d) => d.code === 'I_RESTART_SEGMENT')!;
    expect([split.line, split.frame]).toEqual([5, 2]);
    expect(log.toArray().some((d) => d.code === 'W_TRUNCATED_FRAME' && d.line === 7)).toBe(true);
  });

  it('appended restart in .pos: segments, continuous times', async () => {
    const pos = blocks(3, 2) + blocks(2, 2);
    const { frames, log } = await read(set({ 'x.pos': pos, 'x.cel': CEL(3) + CEL(2) }));
    expect(frames.map((f) => [f.step, f.segment])).toEqual([[10, 0], [20, 0], [30, 0], [10, 1], [20, 1]]);
    const t = frames.map((f) => f.time!);
    for (let k = 1; k < 5; k++) expect(t[k]! - t[k - 1]!).toBeCloseTo(10 * STEP_PS, 7);
    expect(log.toArray().find((d) => d.code === 'I_RESTART_SEGMENT')!.line).toBe(10);
  });

  it('sniffs by extension and content', () => {
    const text = blocks(2, 2);
    expect(qeCpReader.sniff('x.pos', text)).toBe(0.9);
    expect(qeCpReader.sniff('x.cel', CEL(2))).toBe(0.9);
    expect(qeCpReader.sniff('x.evp', `${EVP_HEADER}\n     10  1.0E-03  0.0E+00  0.0E+00  7.0E+02  -59.5  -59.5\n`)).toBe(0.9);
    expect(qeCpReader.sniff('x.pos', '3\ncomment\nLi 0 0 0\n')).toBe(0.3);
    expect(qeCpReader.sniff('traj.xyz', '3\ncomment\nLi 0 0 0\n')).toBe(0);
    expect(qeCpReader.sniff('traj.txt', text)).toBe(0.4);
  });
});
