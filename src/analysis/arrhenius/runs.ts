import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { openTrajectory, type OpenOptions } from '../../io/open.js';
import { diffusionFromTrajectory, type DiffusionOptions } from '../msd/index.js';
import type { ArrheniusPoint } from './arrhenius.js';
import type { CarrierComposition } from './nernst-einstein.js';

/** One independent run (`--run LABEL:FILE[,FILE…]`, SPEC section 10). */
export interface ArrheniusRun {
  label: string;
  files: string[];
  /** K, from a label ending in K; otherwise the file's mean frame temperature is used. */
  temperature?: number;
}

/** What each run contributed, for the output. */
export interface RunSummary {
  label: string;
  files: string[];
  frames: number;
  species: string[];
  atoms: number;
  /** Mean cell volume, Å³. */
  volume: number;
  temperatureSource: string;
  fitWindow: [number, number];
  method: string;
  /** Σ q² / atoms (e²), the mean squared charge of the tracked ions. */
  meanSquareCharge: number;
}

/** Points, carriers and provenance computed from runs. */
export interface RunsResult {
  points: ArrheniusPoint[];
  runs: RunSummary[];
  /** Every file read (for provenance and for refusing to overwrite inputs). */
  inputs: string[];
  /**
   * Carrier density and charge of the coldest run (closest to 300 K): tracked ions / mean cell
   * volume; undefined with several mobile species (their charges differ).
   */
  carriers?: CarrierComposition;
}

/**
 * Compute D at each run's temperature with the MSD analysis ({@link diffusionFromTrajectory}):
 * each run is read once, streaming. Diagnostics of each run go to `diagnostics` with the run's
 * label in front. The temperature comes from the label (`600K`), else from the file's frame
 * temperatures; a run with neither is a UsageError (known only once its frames are read).
 */
export async function pointsFromRuns(
  runs: readonly ArrheniusRun[],
  open: OpenOptions,
  msd: Omit<DiffusionOptions, 'temperature' | 'temperatureSource' | 'onFrame'>,
  diagnostics: DiagnosticLog,
  onFrame?: (label: string, frame: Frame) => void,
): Promise<RunsResult> {
  const labels = new Set<string>();
  for (const r of runs) {
    if (labels.has(r.label)) throw new UsageError(`--run ${r.label}: the label is used twice; give each run its own label`);
    labels.add(r.label);
  }
  const points: ArrheniusPoint[] = [];
  const summaries: RunSummary[] = [];
  const inputs: string[] = [];
  for (const run of runs) {
    const log = new DiagnosticLog();
    try {
      const traj = await openTrajectory(run.files, { ...open, diagnostics: log });
      inputs.push(...traj.paths);
      const res = await diffusionFromTrajectory(traj, {
        // Only the tracer D enters the Arrhenius fit: the cation-only collective sum needs no
        // anion charges, so cells whose anion charges are unknown still work here.
        collective: 'cations',
        ...msd,
        ...(run.temperature !== undefined ? { temperature: run.temperature, temperatureSource: `--run ${run.label}` } : {}),
        onFrame: onFrame ? (f) => onFrame(run.label, f) : undefined,
      });
      const T = res.temperature?.value;
      if (T === undefined || !(T > 0)) {
        throw new UsageError(`--run ${run.label}: no temperature; name the run by it (e.g. --run 600K:${run.files.join(',')}), or use a file that records it`);
      }
      const sumQ2 = res.species.length === 1 ? res.atoms * res.charges[res.species[0]!]! ** 2 : NaN;
      points.push({ label: run.label, T, D: res.D.value, stderr: res.D.stderr });
      summaries.push({
        label: run.label, files: run.files, frames: res.frames, species: res.species, atoms: res.atoms,
        volume: res.volume.value, temperatureSource: res.temperature!.source, fitWindow: res.fitWindow,
        method: res.D.method, meanSquareCharge: sumQ2 / res.atoms,
      });
    } finally {
      for (const d of log.toArray()) diagnostics.add({ ...d, message: `run ${run.label}: ${d.message}` });
    }
  }
  return { points, runs: summaries, inputs, carriers: carriersOf(summaries, points, diagnostics) };
}

/**
 * The carriers for σ(300 K): the coldest run's tracked ions over its mean cell volume, charge
 * from the MSD analysis's charges. Undefined (with a diagnostic) when the runs track different
 * or several species. Shared by `arrhenius --run` and `analyze --run`.
 */
export function carriersOf(runs: Pick<RunSummary, 'label' | 'species' | 'atoms' | 'volume' | 'meanSquareCharge'>[], points: ArrheniusPoint[], log: DiagnosticLog): CarrierComposition | undefined {
  if (runs.length === 0) return undefined;
  const kinds = new Set(runs.map((r) => r.species.join(',')));
  if (kinds.size > 1) {
    log.warn('W_MIXED_SPECIES', `the runs track different mobile species (${runs.map((r) => `${r.species.join(',')} in ${r.label}`).join('; ')}); an Arrhenius fit assumes one species in one material; σ(300 K) is not computed`);
    return undefined;
  }
  if (runs.some((r) => r.species.length !== 1)) {
    log.warn('W_NO_CARRIERS', `several mobile species (${runs[0]!.species.join(', ')}): σ(300 K) needs --carrier-density and --carrier-charge`);
    return undefined;
  }
  let k = 0;
  for (let i = 1; i < points.length; i++) if (points[i]!.T < points[k]!.T) k = i;
  const r = runs[k]!;
  const vols = runs.map((x) => x.volume);
  const spread = (Math.max(...vols) - Math.min(...vols)) / r.volume;
  if (spread > 0.01) {
    log.info('I_CARRIER_DENSITY', `the runs' mean cell volumes differ by ${(100 * spread).toFixed(1)} %; σ(300 K) uses the coldest run's (${r.label}, ${r.volume.toFixed(1)} Å³)`);
  }
  return {
    density: r.atoms / r.volume,
    charge: Math.sqrt(r.meanSquareCharge),
    source: `n = ${r.atoms} ${r.species[0]} / ${r.volume.toFixed(1)} Å³ (mean cell volume of run ${r.label}, the coldest), q from the MSD analysis's charges`,
  };
}
