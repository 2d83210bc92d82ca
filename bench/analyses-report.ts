/**
 * Comparisons and tables of the analysis benchmark: curve agreement (MSD), bin-by-bin
 * agreement (g(r)) and markdown tables with ratios (peer median / paddlewheel median).
 */

/** Largest |a − b|/|b| over indices from..end (b is the reference; 0/0 counts as equal). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, from = 1): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = from; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d === 0) continue;
    worst = Math.max(worst, b[i] === 0 ? Infinity : d / Math.abs(b[i]!));
  }
  return worst;
}

/** Single-origin MSD ⟨|r(t) − r(0)|²⟩ over the atoms of `symbol` (what ASE's DiffusionCoefficient fits). */
export function singleOriginMsd(positions: Float64Array, symbols: string[], symbol: string, frames: number): Float64Array {
  const n = symbols.length;
  const atoms = symbols.flatMap((s, i) => (s === symbol ? [i] : []));
  const out = new Float64Array(frames);
  for (let t = 0; t < frames; t++) {
    let s = 0;
    for (const a of atoms) for (let k = 0; k < 3; k++) { const d = positions[(t * n + a) * 3 + k]! - positions[a * 3 + k]!; s += d * d; }
    out[t] = s / atoms.length;
  }
  return out;
}

/** Bin-by-bin agreement of pair counts (ours vs the peer's) and of g where the counts agree. */
export interface RdfAgreement {
  bins: number;
  /** Bins with identical counts. */
  equalBins: number;
  /** Largest |Σ_{i≤k} (ours − peer)|: 1 means single pairs on a bin edge moved to the neighbour bin. */
  maxCumulativeShift: number;
  /** Total pairs ours − peer. */
  totalDifference: number;
  /** Largest relative g difference over bins with equal counts. */
  maxRelGEqualBins: number;
  /** Largest relative g difference over all bins where the peer's g > 0. */
  maxRelGAllBins: number;
}

export function rdfAgreement(ours: ArrayLike<number>, peer: number[], g: ArrayLike<number>, peerG: number[]): RdfAgreement {
  let cum = 0, maxCum = 0, equal = 0, relG = 0, relAll = 0, total = 0;
  for (let k = 0; k < peer.length; k++) {
    const d = ours[k]! - peer[k]!;
    cum += d; total += d;
    maxCum = Math.max(maxCum, Math.abs(cum));
    if (peerG[k]! > 0) relAll = Math.max(relAll, Math.abs(g[k]! / peerG[k]! - 1));
    if (d === 0) {
      equal++;
      const r = peerG[k] === 0 ? Math.abs(g[k]!) : Math.abs(g[k]! / peerG[k]! - 1);
      relG = Math.max(relG, r);
    }
  }
  return { bins: peer.length, equalBins: equal, maxCumulativeShift: maxCum, totalDifference: total, maxRelGEqualBins: relG, maxRelGAllBins: relAll };
}

/** Seconds as text with 3 significant digits (ms below 1 s). */
export function secs(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '–';
  return s < 1 ? `${(s * 1000).toPrecision(3)} ms` : `${s.toPrecision(3)} s`;
}

/** A ratio as "12.3×" (bold when it meets `target`). */
export function ratio(peer: number | undefined, ours: number | undefined, target?: number): string {
  if (peer === undefined || ours === undefined || !(ours > 0)) return '–';
  const r = peer / ours;
  const s = `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
  return target !== undefined && r >= target ? `**${s}**` : s;
}

export function sci(x: number | undefined): string {
  return x === undefined ? '–' : x === 0 ? '0' : x.toExponential(1);
}

/** A markdown table. */
export function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
