import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { Frame } from '../../core/frame.js';
import { quantity, type Quantity } from '../../core/result.js';
import type { Analysis, AnalysisContext } from '../types.js';
import { FirstShell } from '../angles/shell.js';
import { isotropicTriadAngleDensity } from './isotropic.js';
import { type CageFaces, cageFaces, triadDirections } from './triads.js';

/**
 * Docking (SPEC section 6): a first-shell cation within r_dock of an anion's centre is
 * docked; for docked cations, the angle between the cation's direction from the anion
 * centre and the nearest triad axis of that anion (see triads.ts).
 */

/** Equilibrium cation–anion binding distances of the isolated MB12H12⁻ complexes (Å, SPEC sections 6 and 11). */
export const BINDING_DISTANCE: Record<string, number> = { Li: 3.2, Na: 3.7 };
/** r_dock = binding distance + this (Å). */
export const DOCK_MARGIN = 0.5;
/** Triad angles are histogrammed on [0°, 90°]; the nearest of 20 axes is never farther than 37.4° on a regular icosahedron. */
const MAX_ANGLE = 90;

/** Parameters of the docking analysis. */
export interface DockingParams {
  /** First-shell radius r₁ (Å); required. */
  r1?: number;
  /** Docking radius (Å); default binding distance + 0.5 Å (Li, Na). */
  rDock?: number;
  /** Triad-angle bin width (degrees); default 1. */
  binWidth?: number;
}

/** State: sums only; merge adds them. `counts[b]` = docked cations with triad angle in [b·w, (b+1)·w). */
export interface DockingState {
  r1: number;
  rDock: number;
  rDockSource: string;
  binWidth: number;
  counts: Float64Array;
  /** Σ first-shell cation images, Σ docked ones, Σ and Σ² of their triad angles (degrees). */
  shell: number;
  docked: number;
  angleSum: number;
  angleSum2: number;
  anionFrames: number;
  frames: number;
  cation: string;
}

/** Result body of `paddlewheel docking`. */
export interface DockingResult {
  rDock: Quantity & { source: string };
  r1: Quantity;
  /** Docked / first-shell cation images, over anions and frames; null when the shell was always empty. */
  dockedFraction: number | null;
  /** Mean docked and first-shell cations per anion and frame. */
  meanDocked: number;
  meanShell: number;
  /** Bin centres (degrees). */
  triadAngle: number[];
  /** Density per degree: counts / (docked · binWidth); integrates to 1. */
  triadAngleDensity: number[];
  /** The same for isotropically random directions around a regular icosahedron: the no-docking baseline. */
  triadAngleIsotropicDensity: number[];
  meanTriadAngle: Quantity | null;
  isotropicMeanTriadAngle: Quantity;
  frames: number;
  anions: number;
  cation: string;
  units: Record<string, string>;
}

const helpers = new WeakMap<DockingState, { shell: FirstShell; faces: CageFaces[]; axes: Float64Array }>();

/** Choose r_dock: the user's, else binding distance + 0.5 Å. @throws UsageError for other cations. */
export function chooseRDock(cations: readonly string[], user?: number): { rDock: number; source: string } {
  if (user !== undefined) return { rDock: user, source: '--r-dock' };
  const known = Object.entries(BINDING_DISTANCE).map(([e, d]) => `${e} ${d} Å`).join(', ');
  if (cations.length !== 1 || BINDING_DISTANCE[cations[0]!] === undefined) {
    throw new UsageError(`docking: no binding distance known for ${cations.join(',')} (SPEC gives ${known}); give --r-dock in Å`);
  }
  const b = BINDING_DISTANCE[cations[0]!]!;
  return { rDock: b + DOCK_MARGIN, source: `binding distance ${b} Å (${cations[0]}⁺–B12H12²⁻) + ${DOCK_MARGIN} Å` };
}

export const dockingAnalysis: Analysis<DockingParams, DockingState, DockingResult> = {
  id: 'docking',
  init(params: DockingParams, ctx: AnalysisContext): DockingState {
    const { ions } = ctx;
    if (ions.cations.length === 0) throw new PaddlewheelError('E_SELECTION', 'docking: no cations selected');
    if (ions.anionClusters.length === 0) throw new PaddlewheelError('E_SELECTION', 'docking: no anions selected');
    const { rDock, source } = chooseRDock(ions.cationSymbols, params.rDock);
    const r1 = params.r1;
    if (r1 === undefined) throw new UsageError('docking: give --r1 (first-shell radius in Å, e.g. the first minimum of the anion–cation g(r))');
    if (!(r1 > 0 && Number.isFinite(r1))) throw new UsageError(`--r1 ${r1}: expected a positive distance in Å`);
    if (!(rDock > 0) || rDock > r1) throw new UsageError(`r_dock = ${rDock} Å must be positive and not beyond r₁ = ${r1} Å (docked cations are a part of the first shell)`);
    const binWidth = params.binWidth ?? 1;
    if (!(binWidth > 0 && binWidth <= 10 && Math.abs(MAX_ANGLE / binWidth - Math.round(MAX_ANGLE / binWidth)) < 1e-9)) throw new UsageError(`--bin-width ${binWidth}: expected a width in degrees that divides 90 (e.g. 0.5, 1, 2)`);
    const shell = new FirstShell(ctx.topology, ions.anionClusters, ions.cations, r1);
    shell.compute(ctx.reference.positions, ctx.reference.cell);
    const faces = cageFaces(ctx.topology, shell.rebuilder, ions.anionClusters.map((c) => c.formula));
    const state: DockingState = {
      r1, rDock, rDockSource: source, binWidth, counts: new Float64Array(Math.round(MAX_ANGLE / binWidth)),
      shell: 0, docked: 0, angleSum: 0, angleSum2: 0, anionFrames: 0, frames: 0, cation: ions.cationSymbols.join(','),
    };
    helpers.set(state, { shell, faces, axes: new Float64Array(60) });
    return state;
  },

  push(state: DockingState, frame: Frame): void {
    const h = helpers.get(state);
    if (!h) throw new PaddlewheelError('E_INTERNAL', 'docking: push on a state that was not made by init in this process');
    const { shell, faces, axes } = h;
    const n = shell.compute(frame.positions, frame.cell);
    state.frames++;
    state.anionFrames += shell.anions;
    state.shell += n;
    const last = state.counts.length - 1;
    for (let k = 0; k < shell.anions; k++) {
      let axesReady = false;
      for (let e = shell.start[k]!; e < shell.start[k + 1]!; e++) {
        if (shell.dist[e]! >= state.rDock) continue;
        if (!axesReady) { triadDirections(faces[k]!, shell.rebuilder.whole, shell.centres, 3 * k, axes); axesReady = true; }
        const theta = nearestAxisAngle(shell.dir, e, axes);
        state.docked++;
        state.angleSum += theta;
        state.angleSum2 += theta * theta;
        const b = Math.floor(theta / state.binWidth);
        state.counts[b > last ? last : b]++;
      }
    }
  },

  merge(a: DockingState, b: DockingState): DockingState {
    if (a.counts.length !== b.counts.length || a.rDock !== b.rDock || a.r1 !== b.r1) throw new PaddlewheelError('E_INTERNAL', 'docking: cannot merge states with different radii or bins');
    const m: DockingState = {
      ...a, counts: Float64Array.from(a.counts, (x, i) => x + b.counts[i]!),
      shell: a.shell + b.shell, docked: a.docked + b.docked, angleSum: a.angleSum + b.angleSum, angleSum2: a.angleSum2 + b.angleSum2,
      anionFrames: a.anionFrames + b.anionFrames, frames: a.frames + b.frames,
    };
    const h = helpers.get(a) ?? helpers.get(b);
    if (h) helpers.set(m, h);
    return m;
  },

  finalize(s: DockingState, ctx: AnalysisContext): DockingResult {
    if (s.frames === 0) throw new PaddlewheelError('E_SELECTION', 'docking: no frames');
    if (s.docked === 0) ctx.diagnostics.warn('W_NONE_DOCKED', `docking: no ${s.cation} came within r_dock = ${s.rDock} Å of an anion centre; the triad-angle density is zero`);
    const w = s.binWidth;
    const iso = isotropicTriadAngleDensity(w, s.counts.length);
    const mean = s.docked > 0 ? s.angleSum / s.docked : NaN;
    const sd = s.docked > 1 ? Math.sqrt(Math.max(0, (s.angleSum2 - s.docked * mean * mean) / (s.docked - 1))) : NaN;
    return {
      rDock: { ...quantity(s.rDock, 'Å'), source: s.rDockSource },
      r1: quantity(s.r1, 'Å'),
      dockedFraction: s.shell > 0 ? s.docked / s.shell : null,
      meanDocked: s.docked / s.anionFrames,
      meanShell: s.shell / s.anionFrames,
      triadAngle: Array.from(s.counts, (_, b) => (b + 0.5) * w),
      triadAngleDensity: Array.from(s.counts, (c) => (s.docked > 0 ? c / (s.docked * w) : 0)),
      triadAngleIsotropicDensity: Array.from(iso.density),
      meanTriadAngle: s.docked > 0 ? { ...quantity(mean, 'degree'), ...(s.docked > 1 ? { sd } : {}) } : null,
      isotropicMeanTriadAngle: quantity(iso.mean, 'degree'),
      frames: s.frames,
      anions: s.anionFrames / s.frames,
      cation: s.cation,
      units: { triadAngle: 'degree', triadAngleDensity: 'degree^-1', triadAngleIsotropicDensity: 'degree^-1' },
    };
  },
};

/** Angle (degrees) between direction e of `dir` and the nearest of the 20 unit axes. */
export function nearestAxisAngle(dir: ArrayLike<number>, e: number, axes: ArrayLike<number>): number {
  const x = dir[3 * e]!, y = dir[3 * e + 1]!, z = dir[3 * e + 2]!;
  let best = -2, bf = 0;
  for (let f = 0; f < 20; f++) {
    const c = x * axes[3 * f]! + y * axes[3 * f + 1]! + z * axes[3 * f + 2]!;
    if (c > best) { best = c; bf = f; }
  }
  // atan2 of |u×a| and u·a: exact near 0°, where acos loses half its digits.
  const ax = axes[3 * bf]!, ay = axes[3 * bf + 1]!, az = axes[3 * bf + 2]!;
  const cross = Math.hypot(y * az - z * ay, z * ax - x * az, x * ay - y * ax);
  return (Math.atan2(cross, best) * 180) / Math.PI;
}
