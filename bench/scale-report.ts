/**
 * Tables of the scale benchmark (markdown on stdout; the same numbers go to
 * bench/out/scale.json). Formatting helpers come from the analysis benchmark.
 */
import { ratio, sci, secs, table } from './analyses-report.js';
import { type CliTiming, passMedian } from './scale-cli.js';
import type { ScaleInput } from './scale-inputs.js';
import { type ScaleMsd, peerMedian } from './scale-msd.js';

/** Targets of issue 9 item 4. */
export const TARGETS = { analyzeSeconds: 10, analyzeOverInfo: 3, speedUp2: 1.7, peakRssMiB: 2048 } as const;

const mib = (x: number | undefined) => (x === undefined ? '–' : `${x.toFixed(0)} MiB`);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
export const met = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**missed**');

/** Paper-scale CLI runs: one row per command. */
export function cliTable(rows: { label: string; t: CliTiming }[]): string {
  return table(['command', 'median wall', 'runs (s)', 'main pass', 'shell pass', 'analyze `time:`', 'peak RSS'],
    rows.map(({ label, t }) => {
      const rep = t.runs.map((r) => r.reportedSeconds).filter((x): x is number => x !== undefined);
      return [label, secs(t.median), t.runs.map((r) => r.seconds.toFixed(2)).join(', '), secs(passMedian(t, 'main')), secs(passMedian(t, 'shell')),
        rep.length ? secs(rep.sort((a, b) => a - b)[rep.length >> 1]) : '–', mib(t.medianPeakRssMiB)];
    }));
}

/** Profile child's per-analysis costs. */
export interface Breakdown {
  read?: { seconds: number; frames: number };
  seconds: number;
  passes: { pass: string; analyses: string[]; frames: number; seconds: number }[];
  analyses: Record<string, { pass?: string; init: number; push: number; finalize: number; output: number; total: number; stateBytes?: number }>;
  skipped: Record<string, string>;
  heapAtFinalize: Record<string, { liveMiB: number; rssMiB: number }>;
  wallSeconds: number;
  peakRssMiB?: number;
}

/** Per-analysis cost, largest first, with each one's share of the summed analysis time. */
export function breakdownTable(b: Breakdown): string {
  // Analyses that refused to run (listed apart) timed nothing.
  const rows = Object.entries(b.analyses).filter(([id]) => !(id in b.skipped)).sort((x, y) => y[1].total - x[1].total);
  const sum = rows.reduce((s, [, c]) => s + c.total, 0);
  const passTotal = b.passes.reduce((s, p) => s + p.seconds, 0);
  const body = rows.map(([id, c]) => [id, c.pass ?? '–', secs(c.init), secs(c.push), secs(c.finalize), secs(c.output), secs(c.total), pct(c.total / sum), c.stateBytes === undefined ? '–' : `${(c.stateBytes / 2 ** 20).toFixed(1)} MiB`]);
  body.push(['**all analyses**', '', '', '', '', '', secs(sum), '100 %', '']);
  if (b.read) body.push(['reading alone (1 pass, before)', '', '', '', '', '', secs(b.read.seconds), '', '']);
  body.push([`passes as timed by analyzeTrajectory (${b.passes.map((p) => `${p.pass} ${secs(p.seconds)}`).join(', ')})`, '', '', '', '', '', secs(passTotal), '', '']);
  return table(['analysis', 'pass', 'init', 'push (all frames)', 'finalize', 'output object', 'total', 'share', 'state at finalize (est.)'], body);
}

/** One memory measurement. */
export interface MemoryRun { label: string; seconds?: number; rssMiB?: number; killedAtMiB?: number; error?: string }

/** The memory rows. */
export function memoryTable(rows: MemoryRun[]): string {
  return table(['command', 'wall', 'peak RSS', `≤ ${TARGETS.peakRssMiB / 1024} GB`],
    rows.map((r) => [r.label, r.error ? `failed: ${r.error.split('\n')[1]?.slice(0, 160) ?? r.error.slice(0, 160)}` : r.killedAtMiB ? `killed after ${secs(r.seconds)}` : secs(r.seconds),
      r.killedAtMiB ? `> ${mib(r.killedAtMiB)} (cap)` : mib(r.rssMiB), r.killedAtMiB ? met(false) : r.rssMiB === undefined ? '–' : met(r.rssMiB <= TARGETS.peakRssMiB)]));
}

/** State sizes at k and 2k frames and their linear extrapolation to `frames`. */
export function stateTable(states: { frames: number; profile: Breakdown }[], frames: number): string {
  const [a, b] = states;
  const ids = Object.keys(a!.profile.analyses).filter((id) => !(id in a!.profile.skipped));
  const size = (p: Breakdown | undefined, id: string) => p?.analyses[id]?.stateBytes;
  const rows = ids.map((id) => {
    const x = size(a!.profile, id), y = size(b?.profile, id);
    const perFrame = x !== undefined && y !== undefined ? (y - x) / (b!.frames - a!.frames) : undefined;
    const whole = perFrame !== undefined ? x! + perFrame * (frames - a!.frames) : undefined;
    return { id, x, y, perFrame, whole };
  }).sort((p, q) => (q.whole ?? q.x ?? 0) - (p.whole ?? p.x ?? 0));
  const m = (v: number | undefined) => (v === undefined ? '–' : `${(v / 2 ** 20).toFixed(1)} MiB`);
  const body = rows.map((r) => [r.id, a!.profile.analyses[r.id]!.pass ?? '–', m(r.x), m(r.y), r.perFrame === undefined ? '–' : `${(r.perFrame / 1024).toFixed(1)} KiB`, m(r.whole)]);
  const total = rows.reduce((s, r) => s + (r.whole ?? 0), 0);
  body.push(['**sum**', '', '', '', '', `**${m(total)}**`]);
  return table(['analysis', 'pass', `state, ${a!.frames} frames`, `state, ${b?.frames ?? '–'} frames`, 'per frame', `extrapolated to ${frames} frames`], body);
}

/** The MSD comparison row. */
export function msdTable(m: ScaleMsd): string {
  const np = peerMedian(m.peers?.numpy_fft), fft = peerMedian(m.peers?.mda_fft), slow = peerMedian(m.peers?.mda);
  const cell = (c: { skipped?: string } | undefined, x: number | undefined) => (c?.skipped ? 'skipped' : secs(x));
  const a = m.agreement;
  return table(['input', 'pw core', 'pw analysis', 'pw +read', 'NumPy FFT', 'MDA fft=True', 'MDA fft=False', 'NumPy/pw core', 'NumPy/pw analysis', 'MDA fft=True/pw core', 'MDA fft=False/pw analysis', 'max rel diff vs NumPy (core, analysis, +read, MDA)'], [[
    `${m.frames} fr × ${m.lithium} Li`, secs(m.pw.core.median), secs(m.pw.analysis.median), secs(m.pw.withRead.median), cell(m.peers?.numpy_fft, np), cell(m.peers?.mda_fft, fft), cell(m.peers?.mda, slow),
    ratio(np, m.pw.core.median), ratio(np, m.pw.analysis.median), ratio(fft, m.pw.core.median), ratio(slow, m.pw.analysis.median),
    [a.core, a.analysis, a.withRead, a.mda ?? a.mdaFft].map(sci).join(', '),
  ]]);
}

/** The machine, as printed and recorded. */
export interface Machine { cpu: string; cores: number; memoryGiB: number; node: string; platform: string }

/** Part 1's results (only the input when --skip-study). */
export interface Study {
  xyz: ScaleInput;
  workersNote?: string;
  info?: CliTiming;
  analyze?: { workers?: number; t: CliTiming }[];
  speedUp?: number;
}

/** Part 2's results. */
export interface Memory {
  input?: ScaleInput & { repeat: number[]; kept: boolean };
  skipped?: string;
  runs: MemoryRun[];
  /** Profiles of the first k and 2k frames (state sizes, extrapolated to the whole file). */
  states?: { frames: number; profile: Breakdown }[];
  statesError?: string;
}

/** Part 1 as markdown. */
export function studyText(st: Study, reps: number, dtFs: number, path: string): string {
  const x = st.xyz;
  let s = `\n## Study scale: ${x.atoms} atoms × ${x.frames} frames, ${dtFs} fs (${path}, ${(x.bytes / 1e6).toFixed(0)} MB extxyz)\n\n`;
  if (!st.info || !st.analyze) return `${s}not run (--skip-study)\n`;
  const info = st.info;
  s += `Wall time of each whole CLI process (start-up included), median of ${reps} interleaved runs after one untimed info run.\n\n`;
  s += `${cliTable([{ label: '`info FILE`', t: info }, ...st.analyze.map((a) => ({ label: `\`analyze FILE --cation Li --out DIR${a.workers ? ` --workers ${a.workers}` : ''}\``, t: a.t }))])}\n\n`;
  if (st.workersNote) s += `${st.workersNote}.\n`;
  const best = st.analyze.at(-1)!;
  s += `- analyze${best.workers ? ` --workers ${best.workers}` : ''} ${secs(best.t.median)} (target ≤ ${TARGETS.analyzeSeconds} s on 2 cores): ${met(best.t.median <= TARGETS.analyzeSeconds)}\n`;
  for (const a of st.analyze) s += `- analyze${a.workers ? ` --workers ${a.workers}` : ''} / info = ${(a.t.median / info.median).toFixed(2)} (target ≤ ${TARGETS.analyzeOverInfo}): ${met(a.t.median / info.median <= TARGETS.analyzeOverInfo)}\n`;
  s += `- speed-up 2 vs 1 workers: ${st.speedUp === undefined ? 'not measured (no --workers)' : `${st.speedUp.toFixed(2)}× (target ≥ ${TARGETS.speedUp2}): ${met(st.speedUp >= TARGETS.speedUp2)}`}\n`;
  return s;
}

/** The per-analysis breakdown as markdown. */
export function breakdownText(b: Breakdown): string {
  let s = `\n### Per analysis (in process, one run of bench/scale-profile.ts: ${secs(b.wallSeconds)} wall, peak RSS ${b.peakRssMiB?.toFixed(0)} MiB)\n\n${breakdownTable(b)}\n`;
  const sk = Object.entries(b.skipped);
  if (sk.length) s += `\nskipped: ${sk.map(([k, v]) => `${k} (${v})`).join('; ')}\n`;
  return s;
}

/** Part 3 as markdown. */
export function msdText(m: ScaleMsd, reps: number): string {
  let s = `\n## MSD of Li, every lag, ${m.frames} frames (median of ${reps}; Python ${m.peers?.python ?? '–'}, NumPy ${m.peers?.numpy ?? '–'}, MDAnalysis ${m.peers?.versions.MDAnalysis ?? '–'})\n\n${msdTable(m)}\n`;
  for (const k of ['mda_fft', 'mda'] as const) if (m.peers?.[k].skipped) s += `- ${k === 'mda' ? 'fft=False' : 'fft=True'}: ${m.peers[k].skipped}\n`;
  if (m.peersError) s += `- peers failed: ${m.peersError}\n`;
  return s;
}

/** Part 3 for scale.json (timings and agreement; the curves are left out). */
export function msdJson(m: ScaleMsd): object {
  const drop = <T extends { curve?: unknown }>(c: T) => ({ ...c, curve: undefined });
  return { frames: m.frames, lithium: m.lithium, pw: { core: m.pw.core, analysis: m.pw.analysis, withRead: m.pw.withRead, D: m.pw.D },
    peers: m.peers && { ...m.peers, numpy_fft: drop(m.peers.numpy_fft), mda: drop(m.peers.mda), mda_fft: drop(m.peers.mda_fft) }, peersError: m.peersError, agreement: m.agreement };
}

/** Part 2 as markdown. */
export function memoryText(m: Memory): string {
  const i = m.input;
  let s = `\n## Peak memory: ${i ? `${i.atoms} atoms (${i.repeat.join('×')} study cells) × ${i.frames} frames, float32 H5MD ${(i.bytes / 1e9).toFixed(2)} GB${i.kept ? '' : ' (deleted afterwards)'}` : 'not run'}\n\n`;
  if (m.skipped) return `${s}skipped: ${m.skipped}\n`;
  s += `${memoryTable(m.runs)}\n`;
  if (m.states?.length) {
    const heap = m.states.map((x) => `${x.frames} frames: peak RSS ${x.profile.peakRssMiB?.toFixed(0)} MiB, live heap at the first finalize ${Object.entries(x.profile.heapAtFinalize).map(([p, h]) => `${p} pass ${h.liveMiB.toFixed(0)} MiB`).join(', ')}`).join('; ');
    s += `\nAnalysis states (bench/scale-profile.ts on the first frames of the same file, each state's retained size estimated just before the first finalize of its pass; ${heap}):\n\n${stateTable(m.states, i!.frames)}\n`;
    s += `\nTime per analysis on the first ${m.states.at(-1)!.frames} frames:\n\n${breakdownTable(m.states.at(-1)!.profile)}\n`;
  }
  if (m.statesError) s += `\nstate sizing failed: ${m.statesError.split('\n')[0]}\n`;
  const sk = Object.entries(m.states?.[0]?.profile.skipped ?? {});
  if (sk.length) s += `\nskipped: ${sk.map(([k, v]) => `${k} (${v})`).join('; ')}\n`;
  return s;
}
