import { fracToCart, makeCell } from '../../core/cell.js';
import { ParseError, PaddlewheelError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { ELEMENTARY_CHARGE_C, FS_TO_PS, KB_EV } from '../../core/units.js';
import { requireFiniteFrame } from '../finite.js';
import { LineReader } from '../text/lines.js';
import type { FormatReader, ReaderOptions, TrajectoryFile } from '../types.js';
import { type VasprunHeader, headerNumber, readVasprunHeader } from './vasprun-header.js';
import { EndOfFile, RowContext, attr, iNumber, nextLine, readVarray3, skipTo, tagName } from './vasprun-xml.js';

/**
 * 1 kBar in eV/Å³: 1 kBar = 10⁸ Pa and 1 eV/Å³ = e·10³⁰ Pa = 160.2176634 GPa, so
 * 1 kBar = 10⁸ / (1.602176634·10¹¹) = 6.241509074…·10⁻⁴ eV/Å³.
 */
export const KBAR_TO_EV_PER_A3 = 1e8 / (ELEMENTARY_CHARGE_C * 1e30);

/** Energies a `<calculation>` may give, in the order the reader prefers them for `frame.energy`. */
export const VASPRUN_ENERGY_KINDS = ['e_fr_energy', 'e_wo_entrp', 'e_0_energy'] as const;

/** A vasprun.xml opened for reading: a TrajectoryFile plus the MD settings it states. */
export interface VasprunFile extends TrajectoryFile {
  /** MD timestep POTIM (fs), when the run is MD (IBRION = 0). */
  potim?: number;
  /** MD steps between stored calculations: 1, or ML_OUTBLOCK for MLFF production runs of VASP ≥ 6.4.3. */
  stride: number;
  /** Thermostat target temperatures (K) TEBEG → TEEND of an MD run; per-frame temperatures come from the kinetic energy. */
  thermostat?: { tebeg: number; teend: number };
  /** VASP version from `<generator>`. */
  version?: string;
}

/**
 * VASP vasprun.xml reader, streamed line by line (no DOM; memory independent of the number
 * of steps). One frame per `<calculation>`:
 * - positions: `<structure>` positions (fractional) × its `basis` → Cartesian Å; the cell is
 *   read per step, so variable-cell runs work;
 * - forces (eV/Å) from `<varray name="forces">`;
 * - stress from `<varray name="stress">` in kBar, converted to eV/Å³ and sign-flipped to the
 *   ASE convention (pressure = −trace/3): σ = −KBAR_TO_EV_PER_A3 · s_VASP;
 * - energy: `e_fr_energy` (VASP's free energy TOTEN, the one the forces are derivatives of),
 *   else `e_wo_entrp`, else `e_0_energy`; an `I_VASPRUN_ENERGY` diagnostic says which;
 * - temperature: from the ionic kinetic energy of MD steps, T = 2·E_kin / ((3N − 3)·k_B)
 *   (VASP's degrees of freedom without constraints);
 * - step: the MD step, (calculation number) × stride.
 *
 * Frame spacing (MD only, IBRION = 0): POTIM fs × stride. VASP writes a `<calculation>` at
 * every ionic step whatever NBLOCK is (NBLOCK thins XDATCAR only); only ML_OUTBLOCK thins
 * vasprun.xml, in machine-learned-force-field runs (ML_MODE = run) of VASP ≥ 6.4.3. A
 * `<calculation>` cut short by the end of the file is dropped with W_TRUNCATED_FRAME.
 */
export const vasprunReader: FormatReader = {
  id: 'vasprun',
  description: 'VASP vasprun.xml (streamed: positions, cell, forces, stress, energy per ionic step)',
  sniff: sniffVasprun,
  open: openVasprun,
};

/** Name and content score for vasprun.xml (0–1). */
export function sniffVasprun(name: string, text: string): number {
  const byName = /^vasprun.*\.xml$/i.test(name) || /vasprun/i.test(name);
  const byContent = /<modeling>/.test(text);
  return byName && byContent ? 1 : byContent ? 0.9 : byName ? 0.6 : 0;
}

async function openVasprun(path: string, options: ReaderOptions): Promise<VasprunFile> {
  const r = await LineReader.open(path, options.diagnostics);
  let h: VasprunHeader;
  try {
    h = await readVasprunHeader(r);
  } catch (e) {
    r.close();
    throw e;
  }
  const ibrion = headerNumber(h, 'IBRION');
  const potim = headerNumber(h, 'POTIM');
  const stride = mdStride(h);
  // A POTIM so large that the spacing overflows is no timestep (corrupt header): not MD.
  const isMd = ibrion === 0 && potim > 0 && Number.isFinite(potim * stride * FS_TO_PS);
  const tebeg = headerNumber(h, 'TEBEG');
  const teend = headerNumber(h, 'TEEND');
  let used = false;
  return {
    format: 'vasprun',
    paths: [path],
    topology: h.topology,
    frameSpacing: isMd ? potim * stride * FS_TO_PS : undefined,
    hasVelocities: false,
    potim: isMd ? potim : undefined,
    stride,
    thermostat: isMd && Number.isFinite(tebeg) ? { tebeg, teend: Number.isFinite(teend) ? teend : tebeg } : undefined,
    version: h.version,
    frames: () => {
      if (used) throw new PaddlewheelError('E_INTERNAL', `${path}: frames() may be called once per opened file`);
      used = true;
      return streamFrames(r, h, options, stride, isMd);
    },
    close: () => r.close(),
  };
}

// ML_OUTBLOCK thins vasprun.xml only in MLFF production runs, and only from VASP 6.4.3 on.
function mdStride(h: VasprunHeader): number {
  const out = headerNumber(h, 'ML_OUTBLOCK');
  if (!(out > 1)) return 1;
  const mode = (h.parameters.get('ML_MODE') ?? h.incar.get('ML_MODE') ?? '').trim().toLowerCase();
  const v = (h.version ?? '').split('.').map((x) => parseInt(x, 10));
  const recent = v[0]! > 6 || (v[0] === 6 && (v[1]! > 4 || (v[1] === 4 && v[2]! >= 3)));
  return mode === 'run' && recent ? Math.round(out) : 1;
}

interface CalcState {
  cell?: Float64Array;
  frac?: Float64Array;
  forces?: Float64Array;
  stress?: Float64Array;
  energies: Map<string, number>;
  structureLine: number;
}

const SKIP_BLOCKS = new Set(['scstep', 'dos', 'eigenvalues', 'projected', 'eigenvalues_kpoints_opt', 'projected_kpoints_opt', 'dielectricfunction']);

async function* streamFrames(r: LineReader, h: VasprunHeader, options: ReaderOptions, stride: number, isMd: boolean): AsyncGenerator<Frame> {
  const file = r.path;
  const n = h.topology.symbols.length;
  const ctx = new RowContext(file, '');
  let inCalc = h.atCalculation;
  let calcLine = r.lineNumber;
  let index = 0;
  let finished = false;
  describeRun(h, options, isMd, file);
  try {
    for (;;) {
      if (!inCalc) {
        const line = await nextLine(r);
        const tag = tagName(line);
        if (tag === 'calculation') {
          inCalc = true;
          calcLine = r.lineNumber;
        } else if (tag === '/modeling') finished = true;
        continue;
      }
      const s = await readCalculation(r, n, ctx);
      inCalc = false;
      const frame = buildFrame(s, n, index, file, calcLine);
      frame.step = (index + 1) * stride;
      if (index === 0) reportEnergy(s, options, file);
      index++;
      yield frame;
    }
  } catch (e) {
    if (!(e instanceof EndOfFile)) throw e;
    if (inCalc) {
      const dropped = r.lineNumber - calcLine + 1;
      options.diagnostics.warn('W_TRUNCATED_FRAME', `${file}: the last <calculation> (from line ${calcLine}) is incomplete; its ${dropped} line(s) were dropped`, { file, line: calcLine });
    } else if (!finished) {
      options.diagnostics.info('I_VASPRUN_UNFINISHED', `${file}: no closing </modeling> (the run was stopped or is still running); all ${index} complete steps were read`, { file });
    }
  } finally {
    r.close();
  }
}

async function readCalculation(r: LineReader, n: number, ctx: RowContext): Promise<CalcState> {
  const s: CalcState = { energies: new Map(), structureLine: 0 };
  for (;;) {
    const line = await nextLine(r);
    const tag = tagName(line);
    if (tag === '/calculation') return s;
    if (SKIP_BLOCKS.has(tag)) await skipTo(r, tag);
    else if (tag === 'structure') {
      s.structureLine = r.lineNumber;
      await readStructure(r, n, s, ctx);
    } else if (tag === 'varray') {
      const name = attr(line, 'name');
      ctx.array = name ?? '';
      if (name === 'forces') await readVarray3(r, n, (s.forces = new Float64Array(3 * n)), ctx);
      else if (name === 'stress') await readVarray3(r, 3, (s.stress = new Float64Array(9)), ctx);
      else await skipTo(r, 'varray');
    } else if (tag === 'energy') {
      for (;;) {
        const l = await nextLine(r);
        const t = tagName(l);
        if (t === '/energy') break;
        const name = t === 'i' ? attr(l, 'name') : undefined;
        if (name) s.energies.set(name, iNumber(l, ctx.file, r.lineNumber));
      }
    }
  }
}

async function readStructure(r: LineReader, n: number, s: CalcState, ctx: RowContext): Promise<void> {
  for (;;) {
    const line = await nextLine(r);
    const tag = tagName(line);
    if (tag === '/structure') break;
    if (tag !== 'varray') continue;
    const name = attr(line, 'name');
    ctx.array = name ?? '';
    if (name === 'basis') await readVarray3(r, 3, (s.cell = new Float64Array(9)), ctx);
    else if (name === 'positions') await readVarray3(r, n, (s.frac = new Float64Array(3 * n)), ctx);
    else await skipTo(r, 'varray');
  }
  if (!s.cell || !s.frac) {
    throw new ParseError({ file: ctx.file, line: r.lineNumber }, `a <varray name="${s.cell ? 'positions' : 'basis'}"> in the <structure> that starts on line ${s.structureLine}`, '</structure>');
  }
}

function buildFrame(s: CalcState, n: number, index: number, file: string, calcLine: number): Frame {
  if (!s.cell || !s.frac) throw new ParseError({ file, line: calcLine }, 'a <structure> (basis and positions) in this <calculation>');
  let cell;
  try {
    cell = makeCell(s.cell);
  } catch (e) {
    throw new ParseError({ file, line: s.structureLine }, `a valid basis (${(e as Error).message})`);
  }
  const frame: Frame = { index, segment: 0, positions: fracToCart(cell, s.frac, s.frac), cell };
  if (s.forces) frame.forces = s.forces;
  if (s.stress) {
    for (let k = 0; k < 9; k++) s.stress[k] = -KBAR_TO_EV_PER_A3 * s.stress[k]!;
    frame.stress = s.stress;
  }
  const kind = VASPRUN_ENERGY_KINDS.find((k) => s.energies.has(k));
  if (kind) frame.energy = s.energies.get(kind);
  const kin = s.energies.get('kinetic');
  if (kin !== undefined && n > 1) frame.temperature = (2 * kin) / ((3 * n - 3) * KB_EV);
  return requireFiniteFrame(frame, file, calcLine);
}

function reportEnergy(s: CalcState, options: ReaderOptions, file: string): void {
  const kind = VASPRUN_ENERGY_KINDS.find((k) => s.energies.has(k));
  const why = kind === 'e_fr_energy' ? ' (free energy TOTEN, consistent with the forces)' : kind === 'e_wo_entrp' ? ' (energy without the smearing entropy term; no e_fr_energy in the file)' : '';
  options.diagnostics.info('I_VASPRUN_ENERGY', kind ? `${file}: frame energies are ${kind}${why}` : `${file}: the first <calculation> has no energy`, { file });
  if (s.energies.has('kinetic')) {
    options.diagnostics.info('I_VASPRUN_TEMPERATURE', `${file}: frame temperatures are 2·E_kin/((3N−3)·k_B) from the ionic kinetic energy (fewer degrees of freedom under selective dynamics would raise them)`, { file });
  }
}

function describeRun(h: VasprunHeader, options: ReaderOptions, isMd: boolean, file: string): void {
  if (!isMd) {
    options.diagnostics.info('I_VASPRUN_NOT_MD', `${file}: IBRION = ${headerNumber(h, 'IBRION')}: not a molecular-dynamics run, so the steps have no time (frame spacing unknown)`, { file });
    return;
  }
  const tebeg = headerNumber(h, 'TEBEG');
  if (Number.isFinite(tebeg)) {
    const teend = headerNumber(h, 'TEEND');
    const ramp = Number.isFinite(teend) && teend !== tebeg ? ` → TEEND = ${teend} K` : '';
    options.diagnostics.info('I_VASPRUN_THERMOSTAT', `${file}: MD run: POTIM = ${headerNumber(h, 'POTIM')} fs, TEBEG = ${tebeg} K${ramp}, SMASS = ${headerNumber(h, 'SMASS')}, MDALGO = ${headerNumber(h, 'MDALGO')}`, { file });
  }
}
