import { readFile } from 'node:fs/promises';
import { PaddlewheelError, ParseError } from '../../core/errors.js';
import { A2_PER_PS_TO_CM2_PER_S } from '../../core/units.js';
import { parseNumber } from '../../io/text/numbers.js';
import type { ArrheniusPoint } from './arrhenius.js';

/**
 * D(T) tables for the Arrhenius fit. The header names the columns, in any order, forgiving
 * about case, spaces and unit spelling: temperature `T`, `T_K`, `temperature` (K); diffusion
 * coefficient `D`, `D_cm2_s`, `D (cm^2/s)` (cm²/s) or `D_A2_ps`, `D [Å²/ps]` (converted); its
 * standard error `D_error`, `stderr`, `D_err`, `sigma_D` (the unit of the D column unless its
 * own name gives one); optionally `label` (or `run`, `name`). Other columns are ignored (and
 * said so). Fields are separated by commas (or semicolons, tabs, or spaces, chosen from the
 * header); double quotes around a field are allowed; blank lines and lines starting with `#`
 * are skipped. Values are strict: an empty or non-numeric field, a non-positive temperature or
 * error, or a row with the wrong number of fields is a ParseError with line and column.
 * Without an error column the fit is unweighted.
 */
export interface ArrheniusCsv {
  points: ArrheniusPoint[];
  /** The header names used for each role (error and label null when absent). */
  columns: { T: string; D: string; error: string | null; label: string | null };
  /** Header names not used. */
  ignored: string[];
}

type Role = 'T' | 'D' | 'error' | 'label';
type Unit = 'cm2s' | 'a2ps' | null;

/** Read and parse an Arrhenius CSV file (see {@link parseArrheniusCsv}). */
export async function readArrheniusCsv(path: string): Promise<ArrheniusCsv> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseArrheniusCsv(text, path);
}

/** Parse the text of an Arrhenius CSV (`file` names it in errors). */
export function parseArrheniusCsv(text: string, file: string): ArrheniusCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let h = 0;
  while (h < lines.length && isSkipped(lines[h]!)) h++;
  if (h === lines.length) throw new ParseError({ file, line: 1 }, 'a header line naming the columns (T, D, and D_error or stderr)', 'an empty file');
  const sep = chooseSeparator(lines[h]!);
  const header = splitFields(lines[h]!, sep, file, h + 1);
  const roles = new Map<Role, { index: number; name: string; unit: Unit }>();
  const ignored: string[] = [];
  header.forEach((f, index) => {
    const r = classify(f.text);
    if (!r) {
      ignored.push(f.text);
      return;
    }
    if (roles.has(r.role)) {
      throw new ParseError({ file, line: h + 1, column: f.column }, `one ${r.role} column (already have ${JSON.stringify(roles.get(r.role)!.name)})`, f.text);
    }
    roles.set(r.role, { index, name: f.text, unit: r.unit });
  });
  for (const need of ['T', 'D'] as const) {
    if (!roles.has(need)) {
      const what = need === 'T' ? 'a temperature column named T (or T_K, temperature) in K' : 'a diffusion coefficient column named D (or D_cm2_s) in cm²/s';
      if (header.every((f) => Number.isFinite(parseNumber(f.text)))) throw new ParseError({ file, line: h + 1, column: 1 }, `a header line naming the columns (${what})`, lines[h]);
      throw new ParseError({ file, line: h + 1, column: 1 }, what, lines[h]);
    }
  }
  const T = roles.get('T')!, D = roles.get('D')!, err = roles.get('error'), label = roles.get('label');
  const dScale = D.unit === 'a2ps' ? A2_PER_PS_TO_CM2_PER_S : 1;
  const eScale = (err?.unit ?? D.unit) === 'a2ps' ? A2_PER_PS_TO_CM2_PER_S : 1;
  const points: ArrheniusPoint[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    if (isSkipped(lines[i]!)) continue;
    const line = i + 1;
    const fields = splitFields(lines[i]!, sep, file, line);
    if (fields.length !== header.length) {
      const col = fields.length < header.length ? lines[i]!.length + 1 : fields[header.length]!.column;
      throw new ParseError({ file, line, column: col }, `${header.length} fields as the header names (${header.map((f) => f.text).join(', ')}), found ${fields.length}`, lines[i]);
    }
    const num = (c: { index: number; name: string }, what: string): { v: number; column: number } => {
      const f = fields[c.index]!;
      if (f.text === '') throw new ParseError({ file, line, column: f.column }, `a value for column ${JSON.stringify(c.name)} (${what})`, '');
      const v = parseNumber(f.text);
      if (!Number.isFinite(v)) throw new ParseError({ file, line, column: f.column }, `a finite number for column ${JSON.stringify(c.name)} (${what})`, f.text);
      return { v, column: f.column };
    };
    const t = num(T, 'temperature in K');
    if (!(t.v > 0)) throw new ParseError({ file, line, column: t.column }, 'a positive temperature in K', fields[T.index]!.text);
    const d = num(D, 'diffusion coefficient');
    let stderr: number | null = null;
    if (err) {
      const e = num(err, 'standard error of D');
      if (!(e.v > 0)) throw new ParseError({ file, line, column: e.column }, 'a positive standard error of D (zero would give the point infinite weight)', fields[err.index]!.text);
      stderr = e.v * eScale;
    }
    const lab = label ? fields[label.index]!.text : '';
    points.push({ label: lab !== '' ? lab : `${t.v} K`, T: t.v, D: d.v * dScale, stderr, file, line });
  }
  if (points.length === 0) throw new ParseError({ file, line: lines.length }, 'at least one data row after the header', 'end of file');
  return {
    points,
    columns: { T: T.name, D: D.name, error: err?.name ?? null, label: label?.name ?? null },
    ignored,
  };
}

/**
 * Write points as a CSV this parser reads back exactly: `label,T,D,stderr` (K, cm²/s), numbers
 * in shortest round-trip form, labels quoted when they contain a comma or a quote.
 */
export function formatArrheniusCsv(points: readonly Pick<ArrheniusPoint, 'label' | 'T' | 'D' | 'stderr'>[]): string {
  const withErr = points.some((p) => p.stderr != null);
  const q = (s: string): string => (/[",]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = points.map((p) => [q(p.label), String(p.T), String(p.D), ...(withErr ? [p.stderr == null ? '' : String(p.stderr)] : [])].join(','));
  return `${['label', 'T', 'D', ...(withErr ? ['stderr'] : [])].join(',')}\n${rows.join('\n')}\n`;
}

function isSkipped(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

function chooseSeparator(header: string): string | null {
  for (const s of [',', ';', '\t']) if (header.includes(s)) return s;
  return null;
}

/** Normalised header name → role and unit, or null for an unknown column. */
function classify(raw: string): { role: Role; unit: Unit } | null {
  const n = raw.toLowerCase().replace(/å/g, 'a').replace(/²/g, '2').replace(/[^a-z0-9]/g, '');
  let unit: Unit = null;
  let base = n;
  for (const [re, u] of [[/cm2(?:per)?s(?:1)?/, 'cm2s'], [/(?:a|ang|angstrom)2(?:per)?ps(?:1)?/, 'a2ps']] as const) {
    if (re.test(base)) {
      unit = u;
      base = base.replace(re, '');
    }
  }
  if (unit === null && ['t', 'tk', 'temperature', 'temperaturek', 'temp', 'tempk'].includes(base)) return { role: 'T', unit: null };
  if (['d', 'diffusion', 'diffusioncoefficient', 'dtracer'].includes(base)) return { role: 'D', unit: unit ?? 'cm2s' };
  if (['derror', 'derr', 'dstderr', 'stderr', 'error', 'err', 'sigmad', 'dsigma', 'sigma', 'dse', 'se'].includes(base)) return { role: 'error', unit };
  if (unit === null && ['label', 'run', 'name', 'id'].includes(base)) return { role: 'label', unit: null };
  return null;
}

interface Field {
  text: string;
  /** 1-based column of the field's first character. */
  column: number;
}

/** Split one line into trimmed fields; `sep` null splits on runs of whitespace. */
function splitFields(line: string, sep: string | null, file: string, lineNo: number): Field[] {
  const out: Field[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && (line[i] === ' ' || (sep !== '\t' && line[i] === '\t'))) i++;
    if (sep === null && i >= n) break;
    const start = i;
    let text: string;
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= n) throw new ParseError({ file, line: lineNo, column: start + 1 }, 'a closing double quote', line.slice(start));
        if (line[i] === '"') {
          if (line[i + 1] === '"') { s += '"'; i += 2; continue; }
          i++;
          break;
        }
        s += line[i++];
      }
      text = s;
      while (i < n && (line[i] === ' ' || line[i] === '\t') && line[i] !== sep) i++;
      if (i < n && line[i] !== sep && sep !== null) throw new ParseError({ file, line: lineNo, column: i + 1 }, `${JSON.stringify(sep)} after a quoted field`, line.slice(i));
    } else {
      while (i < n && (sep === null ? line[i] !== ' ' && line[i] !== '\t' : line[i] !== sep)) i++;
      text = line.slice(start, i).trim();
    }
    out.push({ text, column: start + 1 });
    if (sep === null) continue;
    if (i >= n) break;
    i++; // past the separator
  }
  return out;
}
