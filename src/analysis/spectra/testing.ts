import { type Cell, makeCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { type Topology, topologyFromSymbols } from '../../core/topology.js';
import { idealB12H12 } from '../../chem/icosahedron.js';

/** One harmonic mode of the cations: displacement A·cos(2πft + φ + atom·phaseStep) along `axis`. */
export interface CationMode {
  /** Amplitude (Å). */
  amplitude: number;
  /** Frequency (THz). */
  frequency: number;
  /** 0 = x, 1 = y, 2 = z. */
  axis: 0 | 1 | 2;
  /** Phase (rad) of cation 0; cation i adds i·phaseStep. */
  phase?: number;
  phaseStep?: number;
}

/** Options of {@link oscillatorSystem}. */
export interface OscillatorSystemOptions {
  frames: number;
  /** Frame spacing (ps). */
  dt: number;
  /** Cubic cell edge (Å); default 20. */
  edge?: number;
  /** Li positions at rest (Å, 3 per cation); default two Li, one 0.05 Å from a cell face (it wraps). */
  cations?: number[];
  modes?: CationMode[];
  /** Anion centre (Å); default (0.4, 10, 10), so the anion straddles a cell face. */
  anionCentre?: [number, number, number];
  /** Spin: angular frequency (rad/ps) about the unit axis `spinAxis` (body axis). */
  spin?: number;
  spinAxis?: [number, number, number];
  /** Precession of the spin axis about z (rad/ps). */
  precession?: number;
}

/**
 * A synthetic trajectory with exact velocities (Å/ps) for spectra tests: one ideal B12H12
 * (B 1.70 Å, H 2.90 Å from the centre) rotating as R(t) = R_z(Ω_p t)·R_n(Ω_s t), so its
 * angular velocity is ω(t) = Ω_p ẑ + Ω_s R_z(Ω_p t) n exactly and v_i = ω × (r_i − c); and
 * Li atoms moving as sums of cosines. Positions are wrapped into the cubic cell. Atom order:
 * 12 B, 12 H, then the Li.
 */
export function oscillatorSystem(o: OscillatorSystemOptions): { topology: Topology; frames: Frame[]; cell: Cell; omega: (t: number) => [number, number, number] } {
  const L = o.edge ?? 20;
  const cell = makeCell([L, 0, 0, 0, L, 0, 0, 0, L]);
  const li = o.cations ?? [0.05, 5, 5, 10, 15, 15];
  const nLi = li.length / 3;
  const c = o.anionCentre ?? [0.4, 10, 10];
  const body = idealB12H12([0, 0, 0]);
  const topology = topologyFromSymbols([...body.symbols, ...Array<string>(nLi).fill('Li')]);
  const ws = o.spin ?? 0, wp = o.precession ?? 0;
  const na = o.spinAxis ?? [0, 0, 1];
  const nn = Math.hypot(...na);
  const n = na.map((x) => x / nn) as [number, number, number];
  const omega = (t: number): [number, number, number] => {
    const cz = Math.cos(wp * t), sz = Math.sin(wp * t);
    return [ws * (cz * n[0] - sz * n[1]), ws * (sz * n[0] + cz * n[1]), wp + ws * n[2]];
  };
  const frames: Frame[] = [];
  const wrap = (x: number) => x - L * Math.floor(x / L);
  for (let f = 0; f < o.frames; f++) {
    const t = f * o.dt;
    const R = matMul(rotZ(wp * t), rotAxis(n, ws * t));
    const w = omega(t);
    const N = 24 + nLi;
    const positions = new Float64Array(3 * N), velocities = new Float64Array(3 * N);
    for (let i = 0; i < 24; i++) {
      const p = body.positions.subarray(3 * i, 3 * i + 3);
      const r = [0, 1, 2].map((k) => R[3 * k]! * p[0]! + R[3 * k + 1]! * p[1]! + R[3 * k + 2]! * p[2]!);
      for (let k = 0; k < 3; k++) positions[3 * i + k] = wrap(c[k]! + r[k]!);
      velocities[3 * i] = w[1] * r[2]! - w[2] * r[1]!;
      velocities[3 * i + 1] = w[2] * r[0]! - w[0] * r[2]!;
      velocities[3 * i + 2] = w[0] * r[1]! - w[1] * r[0]!;
    }
    for (let j = 0; j < nLi; j++) {
      const a = 24 + j;
      const x = [li[3 * j]!, li[3 * j + 1]!, li[3 * j + 2]!], v = [0, 0, 0];
      for (const m of o.modes ?? []) {
        const arg = 2 * Math.PI * m.frequency * t + (m.phase ?? 0) + j * (m.phaseStep ?? 0);
        x[m.axis] = x[m.axis]! + m.amplitude * Math.cos(arg);
        v[m.axis] = v[m.axis]! - m.amplitude * 2 * Math.PI * m.frequency * Math.sin(arg);
      }
      for (let k = 0; k < 3; k++) { positions[3 * a + k] = wrap(x[k]!); velocities[3 * a + k] = v[k]!; }
    }
    frames.push({ index: f, segment: 0, time: t, cell, positions, velocities });
  }
  return { topology, frames, cell, omega };
}

function rotZ(a: number): number[] {
  const c = Math.cos(a), s = Math.sin(a);
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}

/** Rodrigues rotation by angle a about unit axis n (row-major). */
function rotAxis(n: readonly number[], a: number): number[] {
  const c = Math.cos(a), s = Math.sin(a), C = 1 - c;
  const [x, y, z] = n as [number, number, number];
  return [
    c + x * x * C, x * y * C - z * s, x * z * C + y * s,
    y * x * C + z * s, c + y * y * C, y * z * C - x * s,
    z * x * C - y * s, z * y * C + x * s, c + z * z * C,
  ];
}

function matMul(a: number[], b: number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[3 * i + j]! += a[3 * i + k]! * b[3 * k + j]!;
  return out;
}
