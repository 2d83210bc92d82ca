import { ParseError } from '../../core/errors.js';
import { BOHR_TO_ANGSTROM, HARTREE_TO_EV } from '../../core/units.js';

/** 1 Ry in eV (half the CODATA 2018 Hartree, as the pilot reference set uses). */
export const RY_TO_EV = HARTREE_TO_EV / 2;
/** Ry/bohr → eV/Å. */
export const RY_PER_BOHR_TO_EV_PER_A = RY_TO_EV / BOHR_TO_ANGSTROM;
/** Ry/bohr³ → eV/Å³. */
export const RY_PER_BOHR3_TO_EV_PER_A3 = RY_TO_EV / BOHR_TO_ANGSTROM ** 3;

/** What one pw.x SCF output says, in internal units. */
export interface PwResult {
  /** Atoms, from `number of atoms/cell`. */
  nat: number;
  /** `JOB DONE.` was printed (pw.x finished, converged or not). */
  jobDone: boolean;
  /** The SCF converged (`convergence has been achieved`). */
  converged: boolean;
  /** SCF iterations (achieved in / NOT achieved after). */
  scfIterations?: number;
  /** Total energy of the last `!` line (eV; pw.x prints Ry). */
  energy?: number;
  /** Forces (eV/Å), 3·nat atom-major, from `Forces acting on atoms (cartesian axes, Ry/au)`. */
  forces?: Float64Array;
  /**
   * Stress (eV/Å³), row-major 3×3, ASE sign: minus the `total stress (Ry/bohr**3)` tensor pw.x
   * prints, so pressure = −trace/3 (pw.x's P is +trace/3 of its own tensor).
   */
  stress?: Float64Array;
  /** pw.x's pressure line `P=` (kbar), kept as a check on the sign. */
  pressureKbar?: number;
  /** Exchange–correlation functional as pw.x names it (e.g. `PBE`). */
  functional?: string;
  /** Why the point failed: pw.x's `convergence NOT achieved …` or `Error in routine …` text. */
  failure?: string;
  /** pw.x version from its banner (e.g. `v.6.7MaX`). */
  version?: string;
  /** Wall time of the PWSCF clock (s). */
  wallSeconds?: number;
}

const FORCE_LINE = /^\s*atom\s+(\d+)\s+type\s+\d+\s+force\s+=\s+(.*)$/;

/**
 * Parse a pw.x (QE 6.x) SCF output. The text is small (tens of kB), so it is split into lines.
 * Converts Ry → eV, Ry/bohr → eV/Å, Ry/bohr³ → eV/Å³ (see {@link PwResult.stress} for the sign).
 * A converged output must carry energy and forces (and stress when `tstress` was set, i.e.
 * when the stress header appears): a truncated block throws ParseError with the line.
 */
export function parsePwOutput(text: string, file: string): PwResult {
  const lines = text.split('\n');
  const r: PwResult = { nat: 0, jobDone: false, converged: false };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if ((m = /number of atoms\/cell\s*=\s*(\d+)/.exec(line))) r.nat = Number(m[1]);
    else if ((m = /Program PWSCF (v\.\S+)/.exec(line))) r.version ??= m[1];
    else if ((m = /Exchange-correlation\s*=\s*(\S+)/.exec(line))) r.functional ??= m[1];
    else if (line.startsWith('!')) r.energy = num(line.replace(/^.*=\s*/, '').replace(/\s*Ry\s*$/, ''), file, i, 'the total energy in Ry') * RY_TO_EV;
    else if ((m = /convergence has been achieved in\s+(\d+)\s+iterations/.exec(line))) {
      r.converged = true;
      r.scfIterations = Number(m[1]);
    } else if ((m = /convergence NOT achieved after\s+(\d+)\s+iterations/.exec(line))) {
      r.converged = false;
      r.scfIterations = Number(m[1]);
      r.failure = line.trim();
    } else if (line.includes('Forces acting on atoms') && line.includes('Ry/au')) {
      r.forces = readForces(lines, i, r.nat, file);
    } else if (/total\s+stress\s+\(Ry\/bohr\*\*3\)/.test(line)) {
      m = /P=\s*(\S+)/.exec(line);
      if (m) r.pressureKbar = num(m[1]!, file, i, 'the pressure in kbar');
      r.stress = readStress(lines, i, file);
    } else if (/Error in routine/.test(line)) {
      const msg = (lines[i + 1] ?? '').trim();
      r.failure = `${line.trim()}: ${msg}`;
    } else if ((m = /^\s*PWSCF\s*:.*?CPU\s+(.*?)\s*WALL/.exec(line))) r.wallSeconds = clock(m[1]!);
    else if (line.includes('JOB DONE.')) r.jobDone = true;
  }
  if (r.converged && r.energy === undefined) throw new ParseError({ file }, 'a `!    total energy` line after `convergence has been achieved`', 'none');
  if (r.failure === undefined && !r.jobDone) r.failure = 'pw.x stopped before JOB DONE (output cut short or the run crashed)';
  else if (r.failure === undefined && !r.converged) r.failure = 'no converged SCF in the output';
  return r;
}

function readForces(lines: string[], header: number, nat: number, file: string): Float64Array {
  if (!(nat > 0)) throw new ParseError({ file, line: header + 1 }, '`number of atoms/cell` before the forces');
  const f = new Float64Array(3 * nat);
  let seen = 0;
  for (let i = header + 1; i < lines.length && seen < nat; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const m = FORCE_LINE.exec(line);
    if (!m) throw new ParseError({ file, line: i + 1 }, `force line ${seen + 1} of ${nat} (\`atom N type T force = fx fy fz\`)`, line.trim());
    const k = Number(m[1]) - 1;
    if (k !== seen) throw new ParseError({ file, line: i + 1 }, `force of atom ${seen + 1}`, line.trim());
    const v = m[2]!.trim().split(/\s+/);
    if (v.length !== 3) throw new ParseError({ file, line: i + 1 }, '3 force components', m[2]);
    for (let c = 0; c < 3; c++) f[3 * k + c] = num(v[c]!, file, i, `force component ${c + 1} of atom ${k + 1}`) * RY_PER_BOHR_TO_EV_PER_A;
    seen++;
  }
  if (seen < nat) throw new ParseError({ file, line: lines.length }, `${nat} force lines`, `${seen}`);
  return f;
}

function readStress(lines: string[], header: number, file: string): Float64Array {
  const s = new Float64Array(9);
  for (let r = 0; r < 3; r++) {
    const i = header + 1 + r;
    const v = (lines[i] ?? '').trim().split(/\s+/);
    if (v.length < 3 || v[0] === '') throw new ParseError({ file, line: i + 1 }, `stress row ${r + 1} (3 values in Ry/bohr³, then 3 in kbar)`, lines[i] ?? 'end of file');
    // ASE sign: minus what pw.x prints.
    for (let c = 0; c < 3; c++) s[3 * r + c] = -num(v[c]!, file, i, `stress component (${r + 1},${c + 1})`) * RY_PER_BOHR3_TO_EV_PER_A3;
  }
  return s;
}

function num(text: string, file: string, i: number, what: string): number {
  const t = text.trim();
  const x = Number(t.replace(/[dD]/, 'e'));
  if (t === '' || !Number.isFinite(x)) throw new ParseError({ file, line: i + 1 }, what, t);
  return x;
}

// pw.x clocks: "12.34s", "1m23.45s", "1h 2m".
function clock(text: string): number | undefined {
  const m = /^(?:(\d+)h\s*)?(?:(\d+)m\s*)?(?:([\d.]+)s)?$/.exec(text.trim());
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
