import { GROUPS, type ModelConfig, outputGroups } from './geometry.js';

/** eV/Å³ → GPa. */
export const EV_PER_A3_TO_GPA = 160.21766208;

/** Error of one target group: RMSE in the group's unit (eV/Å, eV, or GPa for stress) and R². */
export interface GroupMetric {
  n: number;
  rmse: number;
  /** 1 − Σ(y − ŷ)²/Σ(y − ȳ)²; null with fewer than 2 values. */
  r2: number | null;
  unit: string;
}

const UNITS = ['eV/Å', 'eV/Å', 'eV', 'GPa'];

/** Per-group RMSE and R² of predictions `pred` against the configurations' targets. */
export function groupMetrics(configs: ModelConfig[], pred: Float64Array[]): Partial<Record<(typeof GROUPS)[number], GroupMetric>> {
  const ys: number[][] = GROUPS.map(() => []), ps: number[][] = GROUPS.map(() => []);
  configs.forEach((c, k) => {
    const g = outputGroups(c);
    const scale = (i: number) => (g[i] === 3 ? EV_PER_A3_TO_GPA : 1);
    c.target.forEach((v, i) => { ys[g[i]!]!.push(v * scale(i)); ps[g[i]!]!.push(pred[k]![i]! * scale(i)); });
  });
  const out: Partial<Record<(typeof GROUPS)[number], GroupMetric>> = {};
  GROUPS.forEach((name, g) => {
    const y = ys[g]!, p = ps[g]!;
    if (y.length === 0) return;
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    let res = 0, tot = 0;
    y.forEach((v, i) => { res += (v - p[i]!) ** 2; tot += (v - mean) ** 2; });
    out[name] = { n: y.length, rmse: Math.sqrt(res / y.length), r2: y.length > 1 && tot > 0 ? 1 - res / tot : null, unit: UNITS[g]! };
  });
  return out;
}
