import { join } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import type { Frame } from '../../core/frame.js';
import type { Provenance } from '../../core/result.js';
import type { Trajectory } from '../../io/open.js';
import { arrhenius, type ArrheniusPoint } from '../../analysis/arrhenius/index.js';
import { carriersOf } from '../../analysis/arrhenius/runs.js';
import type { MsdResult } from '../../analysis/msd/index.js';
import { templatesFor } from '../../analysis/pauling/entry.js';
import type { AnalyzeOptions, OutputFile, RegistryEntry } from '../../analysis/registry.js';
import { analyzeTrajectory, type EntryOutcome, type PassRecord, type PassRunner } from '../../run/analyze.js';
import { VERSION } from '../../version.js';
import type { RunSpec } from '../options.js';
import type { AnalyzeRequest } from './analyze.js';

/** One run's analyses (a single trajectory is one run with an empty label). */
export interface RunAnalysis {
  label: string;
  files: string[];
  frames: number;
  passes: PassRecord[];
  outcomes: EntryOutcome[];
  /** Reader and selection diagnostics of the run (shared by its analyses). */
  diagnostics: Diagnostic[];
}

/** Analyse one run; figure files of a labelled run go to DIR/LABEL/. */
export async function analyzeRun(
  traj: Trajectory, run: RunSpec, req: AnalyzeRequest, entries: readonly RegistryEntry[],
  progress: { onPass: (pass: 'main' | 'shell', total?: number) => void; onFrame: (f: Frame) => void; runPass?: PassRunner },
): Promise<RunAnalysis> {
  const temperature = req.temperature ?? run.temperature;
  const options: AnalyzeOptions = {
    files: run.files, cation: req.cation, cationFlag: req.cationFlag, anion: req.anion, frames: req.frames, dt: req.dt,
    temperature, temperatureSource: req.temperature !== undefined ? '--temperature' : run.temperature !== undefined ? `--run label ${run.label}` : undefined,
    temperatureFlag: req.temperature,
    out: run.label ? join(req.out, run.label.replace(/[^\w.-]+/g, '_')) : req.out,
  };
  const r = await analyzeTrajectory(traj, { entries, options, selection: { cation: req.cation, anion: req.anion }, parallel: req.parallel, shell: req.r1 !== undefined ? { r1: req.r1, rMin: req.rMin } : undefined, ...progress });
  return { label: run.label, files: run.files, frames: r.frames, passes: r.passes, outcomes: r.outcomes, diagnostics: traj.diagnostics.toArray() };
}

type Envelope = Record<string, unknown>;

/**
 * The per-analysis SPEC section 10 objects. One run: exactly the single command's object.
 * Several runs: as the commands that take `--run` print them, `runs: [{label, …body}]`, with
 * every run's diagnostics prefixed by its label.
 */
export function combineRuns(runs: RunAnalysis[], req: AnalyzeRequest, provenance: Provenance): { analyses: Record<string, Envelope>; skipped: Record<string, string>; files: OutputFile[] } {
  const analyses: Record<string, Envelope> = {};
  const skipped: Record<string, string> = {};
  const files: OutputFile[] = [];
  const ids = runs[0]!.outcomes.map((x) => x.id);
  const single = runs.length === 1 && !runs[0]!.label;
  for (const id of ids) {
    const per = runs.map((r) => ({ run: r, x: r.outcomes.find((x) => x.id === id)! }));
    const refused: string[] = [];
    for (const { run, x } of per) {
      if (!x.ok) refused.push(single ? x.reason : `run ${run.label}: ${x.reason}`);
      else files.push(...x.output.files);
    }
    const ok = per.filter((p) => p.x.ok);
    if (ok.length === 0) {
      skipped[id] = refused.join('; ');
      continue;
    }
    const diag = (p: (typeof per)[number]) => (p.x.ok ? [...p.run.diagnostics, ...p.x.diagnostics.toArray()] : []);
    if (single) {
      const x = ok[0]!.x as Extract<EntryOutcome, { ok: true }>;
      analyses[id] = { analysis: id, version: VERSION, params: x.output.params, provenance, diagnostics: diag(ok[0]!), ...x.output.body };
    } else {
      const first = ok[0]!.x as Extract<EntryOutcome, { ok: true }>;
      analyses[id] = {
        analysis: id, version: VERSION, params: { ...first.output.params, files: undefined, run: req.runs }, provenance,
        diagnostics: ok.flatMap((p) => diag(p).map((d) => ({ ...d, message: `run ${p.run.label}: ${d.message}` }))),
        runs: ok.map((p) => ({ label: p.run.label, ...(p.x as Extract<EntryOutcome, { ok: true }>).output.body })),
      };
      // Ran in some runs only: the others' reasons stay with the result.
      for (const why of refused) (analyses[id]['diagnostics'] as Diagnostic[]).push({ code: 'W_RUN_SKIPPED', level: 'warning', message: `${id} skipped in ${why}` });
    }
  }
  if (req.ids.includes('templates')) {
    const lattice = (analyses['pauling'] as { lattice?: 'fcc' | 'bcc' } | undefined)?.lattice ?? (analyses['pauling']?.['runs'] as { lattice: 'fcc' | 'bcc' }[] | undefined)?.[0]?.lattice;
    if (lattice) {
      const t = templatesFor(lattice);
      analyses['templates'] = { analysis: 'templates', version: VERSION, params: t.params, provenance: { ...provenance, inputs: [] }, diagnostics: [], ...t.body };
    } else skipped['templates'] = 'no fcc/bcc anion lattice was recognised (see pauling)';
  }
  return { analyses, skipped, files };
}

/**
 * Arrhenius across the runs (SPEC section 4) from each run's MSD D and temperature, as
 * `paddlewheel arrhenius --run …` computes it (the same MSD analysis, the same carriers:
 * the coldest run's ions over its mean cell volume). Returns the reason when it cannot.
 */
export function arrheniusAcrossRuns(runs: RunAnalysis[], req: AnalyzeRequest, provenance: Provenance): Envelope | string {
  if (runs.length < 2 || !runs[0]!.label) return 'needs two or more runs at different temperatures (--run 600K:FILES --run 800K:FILES)';
  const points: ArrheniusPoint[] = [];
  const summaries: { label: string; files: string[]; frames: number; species: string[]; atoms: number; volume: number; temperatureSource: string; fitWindow: [number, number]; method: string; meanSquareCharge: number }[] = [];
  const diagnostics = new DiagnosticLog();
  for (const r of runs) {
    const x = r.outcomes.find((o) => o.id === 'msd');
    if (!x || !x.ok) return `run ${r.label}: the MSD did not run${x && !x.ok ? ` (${x.reason})` : ''}`;
    const res = x.result as MsdResult;
    for (const d of [...r.diagnostics, ...x.diagnostics.toArray()]) diagnostics.add({ ...d, message: `run ${r.label}: ${d.message}` });
    const T = res.temperature?.value;
    if (T === undefined || !(T > 0)) return `run ${r.label}: no temperature; name the run by it (e.g. --run 600K:${r.files.join(',')})`;
    const sumQ2 = res.species.length === 1 ? res.atoms * res.charges[res.species[0]!]! ** 2 : NaN;
    points.push({ label: r.label, T, D: res.D.value, stderr: res.D.stderr });
    summaries.push({ label: r.label, files: r.files, frames: res.frames, species: res.species, atoms: res.atoms, volume: res.volume.value, temperatureSource: res.temperature!.source, fitWindow: res.fitWindow, method: res.D.method, meanSquareCharge: sumQ2 / res.atoms });
  }
  if (new Set(points.map((p) => p.T)).size < 2) return 'the runs are all at one temperature';
  const carriers = carriersOf(summaries, points, diagnostics);
  const result = arrhenius(points, { diagnostics, carriers });
  const params = { csv: null, runs: req.runs.map((r) => ({ label: r.label, files: r.files, temperature: r.temperature ?? null })), carrierDensity: null, carrierCharge: null, cation: req.cation ?? null, fit: null, drift: null, charge: null, frames: req.frames ?? null };
  const body: Envelope = {
    ...result,
    points: result.points.map((p, i) => {
      const s = summaries[i]!;
      return { ...p, source: 'run', files: s.files, frames: s.frames, fitWindow: s.fitWindow, method: s.method };
    }),
    runs: summaries, plot: null, pointsFile: null,
  };
  if (!result.sigma300K) body['sigma300K'] = null;
  return { analysis: 'arrhenius', version: VERSION, params, provenance, diagnostics: diagnostics.toArray(), ...body };
}

