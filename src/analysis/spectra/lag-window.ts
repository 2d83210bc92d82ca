import { LaggedAutocorrelationSum, nextPow2 } from '../../math/fft.js';

/**
 * Autocorrelation sums up to a longest lag M fixed in advance, in memory O(M × width)
 * instead of the whole series: the same sums S_c(m) = Σ_{t=0}^{T−1−m} Σ_{x ∈ c} x(t)·x(t+m),
 * m = 0 … M, as an FFT over the whole series (equal up to rounding), for channels c of series
 * derived row by row from frame-major rows of `width` numbers.
 *
 * Rows are buffered in `recent`; when it is full, the pairs not yet counted — both rows in
 * `recent`, the later one beyond the first `counted` rows — are added by FFT as
 * ACF(recent) − ACF(first `counted` rows), and the last M rows stay as the `counted` start of
 * the next buffer. A merge of consecutive ranges adds the pairs across the junction the same
 * way from a's last M rows and b's first M rows (`head`), so partial states from chunks or
 * workers reduce to the one-pass sums; a part that never filled its buffer is merged by
 * appending its rows, exactly as the one pass would. State (plain data): at most
 * nextPow2(3M + 1) rows of `width` numbers (buffers grow to that), whatever the number of frames.
 */
export interface LagWindow {
  width: number;
  /** Longest lag M (rows). */
  maxLag: number;
  /** Rows `recent` holds when full (the FFT size minus M). */
  capacity: number;
  channels: number;
  /** Channel-major sums, channel c at [c(M+1) … c(M+1) + M]. */
  sums: Float64Array;
  /** Rows pushed. */
  rows: number;
  /** The first min(rows, M) rows (the array may be longer). */
  head: Float64Array;
  /** The last `recentRows` rows (room for up to `capacity`; grows on demand). */
  recent: Float64Array;
  recentRows: number;
  /** Leading rows of `recent` whose pairs among themselves are in `sums`. */
  counted: number;
}

/**
 * How series are made from rows (not part of the state: functions are not plain data). Group g
 * reads `groups[g]` (its columns, gathered column-major, `len` rows each) and `derive` passes
 * each of its series to `add(k, x, offset)`: series x[offset … offset + len − 1] of the group's
 * k-th channel (`channelsOf[g][k]`). Derivations must be row by row (row t of a series depends
 * on row t of the columns only).
 */
export interface WindowPlan {
  groups: readonly (readonly number[])[];
  channelsOf: readonly (readonly number[])[];
  derive(group: number, columns: Float64Array, len: number, add: (k: number, x: Float64Array, offset: number) => void): void;
}

/** An empty window of rows of `width` numbers, lags up to `maxLag` (≥ 1), `channels` sums. */
export function emptyWindow(width: number, maxLag: number, channels: number): LagWindow {
  if (!(Number.isInteger(maxLag) && maxLag >= 1)) throw new RangeError(`maxLag must be an integer ≥ 1, got ${maxLag}`);
  const capacity = nextPow2(3 * maxLag + 1) - maxLag;
  return {
    width, maxLag, capacity, channels, sums: new Float64Array(channels * (maxLag + 1)), rows: 0,
    head: new Float64Array(0), recent: new Float64Array(0), recentRows: 0, counted: 0,
  };
}

/** `a` with room for `rows` rows of `width` (doubling, at most `limit` rows); `a` itself when it has. */
function room(a: Float64Array, rows: number, width: number, limit: number): Float64Array {
  if (rows * width <= a.length) return a;
  const g = new Float64Array(Math.min(limit, Math.max(rows, 2 * (a.length / width), 16)) * width);
  g.set(a);
  return g;
}

/** Append one row (`row[o … o + width − 1]`), counting pairs when the buffer is full. */
export function pushWindowRow(w: LagWindow, plan: WindowPlan, row: Float64Array, o = 0): void {
  appendRows(w, plan, row, 1, o);
}

/** Append `count` rows, frame-major from `src[o…]`, counting pairs whenever the buffer fills. */
export function appendRows(w: LagWindow, plan: WindowPlan, src: Float64Array, count: number, o = 0): void {
  const W = w.width;
  let done = 0;
  while (done < count) {
    if (w.recentRows === w.capacity) flush(w, plan);
    const n = Math.min(count - done, w.capacity - w.recentRows);
    w.recent = room(w.recent, w.recentRows + n, W, w.capacity);
    const from = o + done * W;
    w.recent.set(src.subarray(from, from + n * W), w.recentRows * W);
    if (w.rows < w.maxLag) {
      const h = Math.min(n, w.maxLag - w.rows);
      w.head = room(w.head, w.rows + h, W, w.maxLag);
      w.head.set(src.subarray(from, from + h * W), w.rows * W);
    }
    w.recentRows += n; w.rows += n; done += n;
  }
}

/** Count the pending pairs and keep the last M rows as the counted start of the buffer. */
function flush(w: LagWindow, plan: WindowPlan): void {
  addPairs(w.sums, w.maxLag, plan, w.recent, w.width, w.recentRows, w.counted, 0);
  const keep = Math.min(w.maxLag, w.recentRows);
  w.recent.copyWithin(0, (w.recentRows - keep) * w.width, w.recentRows * w.width);
  w.recentRows = keep;
  w.counted = keep;
}

/**
 * sums += ACF(rows) − ACF(first `a` rows) − ACF(last `b` rows) per channel, of the `len`
 * frame-major rows in `buf`: the pairs with the earlier row among the first len − b rows and
 * the later beyond the first a (b = 0: all pairs not within the first a).
 */
function addPairs(sums: Float64Array, M: number, plan: WindowPlan, buf: Float64Array, width: number, len: number, a: number, b: number): void {
  if (len === 0 || a === len || b === len) return;
  const L = M + 1;
  const perGroup = Math.max(0, ...plan.channelsOf.map((c) => c.length));
  const accs = Array.from({ length: perGroup }, () => ({
    full: new LaggedAutocorrelationSum(len, M),
    first: a > 0 ? new LaggedAutocorrelationSum(a, M) : undefined,
    last: b > 0 ? new LaggedAutocorrelationSum(b, M) : undefined,
  }));
  const cols = new Float64Array(Math.max(0, ...plan.groups.map((g) => g.length)) * len);
  plan.groups.forEach((columns, g) => {
    const channels = plan.channelsOf[g]!;
    for (const acc of accs) { acc.full.reset(); acc.first?.reset(); acc.last?.reset(); }
    // The group's columns, column-major, in tiles of 16 rows (read from cache, written in whole lines).
    const nc = columns.length;
    for (let t0 = 0; t0 < len; t0 += 16) {
      const t1 = Math.min(len, t0 + 16);
      for (let j = 0; j < nc; j++) {
        const c = columns[j]!, o = j * len;
        for (let t = t0; t < t1; t++) cols[o + t] = buf[t * width + c]!;
      }
    }
    plan.derive(g, cols, len, (k, x, offset) => {
      const acc = accs[k]!;
      acc.full.add(x, offset);
      acc.first?.add(x, offset);
      acc.last?.add(x, offset + len - b);
    });
    channels.forEach((ch, k) => {
      const acc = accs[k]!;
      const f = acc.full.result(), p = acc.first?.result(), q = acc.last?.result();
      const s = sums.subarray(ch * L, ch * L + L);
      for (let m = 0; m < f.length; m++) s[m] = s[m]! + f[m]! - (p?.[m] ?? 0) - (q?.[m] ?? 0);
    });
  });
}

/** A copy that shares nothing with `w`, with room for `extra` more rows in `recent` (at most its capacity). */
function copyWindow(w: LagWindow, extra = 0): LagWindow {
  const W = w.width, n = w.recentRows * W;
  const recent = new Float64Array(Math.min(w.capacity, w.recentRows + extra) * W);
  recent.set(w.recent.subarray(0, n));
  return { ...w, sums: w.sums.slice(), head: w.head.slice(0, Math.min(w.rows, w.maxLag) * W), recent };
}

/** A copy of the window with every pending pair counted (its `recent` then holds its last min(rows, M) rows, all counted). */
function flushed(w: LagWindow, plan: WindowPlan): LagWindow {
  const c = copyWindow(w);
  flush(c, plan);
  return c;
}

/**
 * The window of a's rows, then the rows `between` (frame-major, may be empty), then b's
 * (consecutive frame ranges). Neither window is modified. When b never filled its buffer (no
 * pair counted yet), the rows are appended to a copy of a, as in one pass. Otherwise the pairs
 * across the junction come from the last M rows before b and b's first M: ACF(both) minus the
 * ACFs of the two parts.
 */
export function mergeWindows(a: LagWindow, b: LagWindow, plan: WindowPlan, between: Float64Array = new Float64Array(0)): LagWindow {
  if (a.width !== b.width || a.maxLag !== b.maxLag || a.channels !== b.channels || between.length % a.width !== 0) throw new RangeError('mergeWindows: windows of different shapes');
  const M = a.maxLag, W = a.width, nBetween = between.length / W;
  if (b.counted === 0 && b.recentRows === b.rows) {
    const out = copyWindow(a, nBetween + b.rows);
    appendRows(out, plan, between, nBetween);
    appendRows(out, plan, b.recent, b.rows);
    return out;
  }
  if (nBetween > 0) {
    const left = copyWindow(a, nBetween);
    appendRows(left, plan, between, nBetween);
    return mergeWindows(left, b, plan);
  }
  const fa = flushed(a, plan), fb = flushed(b, plan);
  const na = fa.recentRows, nb = Math.min(b.rows, M);
  const joint = new Float64Array((na + nb) * W);
  joint.set(fa.recent.subarray(0, na * W));
  joint.set(b.head.subarray(0, nb * W), na * W);
  const sums = fa.sums;
  for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! + fb.sums[i]!;
  addPairs(sums, M, plan, joint, W, na + nb, na, nb);
  const inA = Math.min(a.rows, M), fromB = Math.min(M - inA, nb);
  const head = new Float64Array((inA + fromB) * W);
  head.set(a.head.subarray(0, inA * W));
  head.set(b.head.subarray(0, fromB * W), inA * W);
  // The merged range's last min(rows, M) rows: the end of a's, then b's.
  const keepB = fb.recentRows, keepA = Math.min(na, M - keepB);
  const recent = new Float64Array((keepA + keepB) * W);
  recent.set(fa.recent.subarray((na - keepA) * W, na * W));
  recent.set(fb.recent.subarray(0, keepB * W), keepA * W);
  return { ...a, sums, rows: a.rows + b.rows, head, recent, recentRows: keepA + keepB, counted: keepA + keepB };
}

/** Sums of every pair, per channel (m = 0 … min(M, rows − 1)); the window is not modified. */
export function windowSums(w: LagWindow, plan: WindowPlan): Float64Array[] {
  const f = flushed(w, plan), L = w.maxLag + 1, n = Math.min(L, w.rows);
  return Array.from({ length: w.channels }, (_, c) => f.sums.slice(c * L, c * L + n));
}
