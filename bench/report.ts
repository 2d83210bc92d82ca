/**
 * Text tables of the parsing benchmark (stdout). The same numbers go to bench/out/parse.json.
 */
import type { Input, Timing } from './measure.js';

/** The results for one input. */
export interface InputResult {
  input: Input;
  frames: number;
  atoms: number;
  paddlewheel: Timing;
  cli: Timing;
  ase?: Timing;
  pymatgen?: Timing;
  /** paddlewheel MB/s ÷ peer MB/s (= peer median time ÷ paddlewheel median time), same run. */
  ratios: { ase?: number; pymatgen?: number };
  /** Tools whose frame count or position checksum (relative difference > 1e-9) disagrees with paddlewheel's. */
  checksumMismatch: string[];
}

/** Peak RSS reading N and 4N frames. */
export interface MemoryResult {
  tool: string;
  kind: string;
  frames: [number, number];
  /** KiB. */
  rss: [number, number];
  /** (RSS(4N) − RSS(N)) / RSS(N). */
  growth: number;
  /** paddlewheel only: peak live heap (bytes) for N and 4N frames, sampled after forced GCs. */
  live?: [number, number];
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function rate(t: Timing | undefined): string {
  if (!t) return 'skipped';
  if (t.na) return 'n/a';
  return `${t.mbPerSecond.toFixed(1)} (${t.median.toFixed(t.median < 1 ? 3 : 2)} s)`;
}

function first(bytes: number, t: Timing): string {
  return t.firstSeconds === undefined ? '—' : `${(bytes / 1e6 / t.firstSeconds).toFixed(1)} (${t.firstSeconds.toFixed(3)} s)`;
}

function ratio(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : `${x.toFixed(1)}×`;
}

/** Throughput table: MB/s with the median time, and the ratios. */
export function throughputTable(rows: InputResult[], targets: { ase: number; pymatgen: number }): string {
  const head = [pad('input', 34), lpad('MB', 6), lpad('frames', 7), lpad('paddlewheel', 18), lpad('pw 1st read', 18), lpad('pw CLI info', 18), lpad('ASE', 18), lpad('pymatgen', 18), lpad('pw/ASE', 8), lpad('pw/pmg', 8)];
  const lines = [head.join(' ')];
  for (const r of rows) {
    lines.push([
      pad(r.input.label, 34), lpad((r.input.bytes / 1e6).toFixed(1), 6), lpad(String(r.frames), 7),
      lpad(rate(r.paddlewheel), 18), lpad(first(r.input.bytes, r.paddlewheel), 18), lpad(rate(r.cli), 18), lpad(rate(r.ase), 18), lpad(rate(r.pymatgen), 18),
      lpad(ratio(r.ratios.ase), 8), lpad(ratio(r.ratios.pymatgen), 8),
    ].join(' '));
  }
  lines.push(
    'MB/s of uncompressed text (MB = 10^6 bytes), median time in brackets, after one untimed warm-up read per tool;',
    "'pw 1st read' = that warm-up read (unoptimised JIT); 'pw CLI info' = whole `node bin/paddlewheel.js info FILE --json` process.",
    `Ratios use the medians. Targets: pw/ASE >= ${targets.ase}x, pw/pmg >= ${targets.pymatgen}x.`,
  );
  const notes = new Set<string>();
  for (const r of rows) {
    for (const [tool, t] of [['pw CLI', r.cli], ['ASE', r.ase], ['pymatgen', r.pymatgen]] as const) {
      if (t?.na) notes.add(`${tool} on ${r.input.label}: n/a — ${t.na}`);
      if (t?.note) notes.add(`${tool} on ${r.input.kind}: ${t.note}`);
    }
    if (r.checksumMismatch.length) notes.add(`${r.input.label}: frame count or position checksum disagrees with paddlewheel's for ${r.checksumMismatch.join(', ')}`);
    const missed: string[] = [];
    if (r.ratios.ase !== undefined && r.ratios.ase < targets.ase) missed.push(`ASE ${ratio(r.ratios.ase)} < ${targets.ase}×`);
    if (r.ratios.pymatgen !== undefined && r.ratios.pymatgen < targets.pymatgen) missed.push(`pymatgen ${ratio(r.ratios.pymatgen)} < ${targets.pymatgen}×`);
    if (missed.length) notes.add(`target missed on ${r.input.label}: ${missed.join(', ')}`);
  }
  for (const n of notes) lines.push(`  - ${n}`);
  return lines.join('\n');
}

/** Import / start-up costs, which the parse times above exclude. */
export function importTable(imports: Record<string, number | undefined>): string {
  const parts = Object.entries(imports).map(([k, v]) => `${k} ${v === undefined ? 'skipped' : `${v.toFixed(2)} s`}`);
  return `import time (not in the parse times): ${parts.join(', ')}`;
}

/** Peak RSS table for N and 4N frames. */
export function memoryTable(rows: MemoryResult[], source: string): string {
  const lines = [[pad('tool', 12), pad('format', 8), lpad('RSS N', 16), lpad('RSS 4N', 16), lpad('growth', 8), lpad('live heap N → 4N', 20)].join(' ')];
  for (const m of rows) {
    lines.push([
      pad(m.tool, 12), pad(m.kind, 8),
      lpad(`${(m.rss[0] / 1024).toFixed(0)} MiB (${m.frames[0]})`, 16), lpad(`${(m.rss[1] / 1024).toFixed(0)} MiB (${m.frames[1]})`, 16),
      lpad(`${m.growth >= 0 ? '+' : ''}${(100 * m.growth).toFixed(0)}%`, 8),
      lpad(m.live ? `${mib(m.live[0])} → ${mib(m.live[1])} MiB` : '', 20),
    ].join(' '));
  }
  lines.push(
    `peak RSS of one child process reading the file once (frames in brackets), from ${source === 'usr-bin-time' ? '/usr/bin/time -v' : "the child's own maxRSS"};`,
    'live heap = largest V8 heap + external memory after a forced GC every 25 frames (what the reader holds; RSS also counts uncollected garbage).',
  );
  return lines.join('\n');
}
