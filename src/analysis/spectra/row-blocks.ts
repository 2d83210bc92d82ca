/**
 * Growable frame-major storage of per-frame rows (a time series of `width` numbers per frame)
 * as plain data: a list of Float64Array blocks, so appending never copies what is stored,
 * the unused capacity is at most one block, and merging two consecutive ranges copies at
 * most two partly filled blocks. Used by the states of spectra and rotation, which keep whole
 * series for their correlation functions.
 *
 * Layout: row r (0-based) of the whole store is `width` numbers in one block. Every block but
 * the last is full (it holds `block.length / width` rows); the last holds the remaining
 * `rows − Σ earlier` rows and may have room for more (`blockRows` rows in all).
 */
export interface RowBlocks {
  /** Numbers per row. */
  width: number;
  /** Capacity (rows) of a newly allocated block. */
  blockRows: number;
  blocks: Float64Array[];
  /** Rows stored. */
  rows: number;
  /** Rows stored in the last block. */
  lastRows: number;
}

/** Target size of a block (bytes): large enough that the block list stays short, small enough that the slack is negligible. */
export const BLOCK_BYTES = 1 << 20;

/** An empty store of rows of `width` numbers; blocks of `blockRows` rows (default: about BLOCK_BYTES). */
export function emptyRows(width: number, blockRows = Math.floor(BLOCK_BYTES / (8 * Math.max(1, width)))): RowBlocks {
  return { width, blockRows: Math.max(1, blockRows), blocks: [], rows: 0, lastRows: 0 };
}

/**
 * Make room for one more row and return the offset of its first number in the last block
 * (`s.blocks[s.blocks.length − 1]`); the row counts as stored from now on, so the caller
 * writes all `width` numbers before reading the store.
 */
export function appendRow(s: RowBlocks): number {
  const last = s.blocks[s.blocks.length - 1];
  s.rows++;
  if (last === undefined || (s.lastRows + 1) * s.width > last.length) {
    s.blocks.push(new Float64Array(s.blockRows * s.width));
    s.lastRows = 1;
    return 0;
  }
  return s.lastRows++ * s.width;
}

/** The stored part of the last block, copied to its exact size (so it is full and never written again). */
function trimmedLast(s: RowBlocks): Float64Array | undefined {
  const last = s.blocks[s.blocks.length - 1];
  if (last === undefined || s.lastRows === 0) return undefined;
  return last.length === s.lastRows * s.width ? last : last.slice(0, s.lastRows * s.width);
}

/**
 * The rows of `a`, then `rows` (a flat array of whole rows, may be empty), then those of `b`,
 * in a new store. Full blocks are shared, not copied (they are never written again); the
 * partly filled last blocks are copied, so appending to the result leaves `a` and `b` intact.
 */
export function concatRows(a: RowBlocks, b: RowBlocks, rows: Float64Array = new Float64Array(0)): RowBlocks {
  if (a.width !== b.width || rows.length % a.width !== 0) throw new RangeError(`concatRows: widths ${a.width} and ${b.width}, ${rows.length} numbers between`);
  const blocks: Float64Array[] = a.blocks.slice(0, -1);
  const aLast = trimmedLast(a);
  if (aLast) blocks.push(aLast);
  if (rows.length > 0) blocks.push(rows);
  for (let i = 0; i < b.blocks.length - 1; i++) blocks.push(b.blocks[i]!);
  const bLast = trimmedLast(b);
  if (bLast) blocks.push(bLast);
  const tail = blocks[blocks.length - 1];
  return { width: a.width, blockRows: a.blockRows, blocks, rows: a.rows + rows.length / a.width + b.rows, lastRows: tail === undefined ? 0 : tail.length / a.width };
}

/**
 * Copy columns `col0 … col0 + count − 1` of all rows into `out`, column-major: column c of
 * row t goes to out[(c − col0)·rows + t]. Works block by block (a block fits in cache), one
 * column at a time, so the writes are contiguous.
 */
export function readColumns(s: RowBlocks, col0: number, count: number, out: Float64Array): void {
  const T = s.rows, w = s.width;
  if (col0 < 0 || col0 + count > w || out.length < count * T) throw new RangeError(`readColumns: columns ${col0}+${count} of ${w}, output ${out.length} < ${count * T}`);
  let t = 0;
  for (const block of s.blocks) {
    const n = Math.min(block.length / w, T - t);
    for (let c = 0; c < count; c++) {
      const dst = c * T + t;
      let src = col0 + c;
      for (let r = 0; r < n; r++, src += w) out[dst + r] = block[src]!;
    }
    t += n;
  }
}

/** Row `t` as a new array (tests and small reads; O(blocks)). */
export function rowAt(s: RowBlocks, t: number): Float64Array {
  if (!(t >= 0 && t < s.rows)) throw new RangeError(`rowAt: row ${t} of ${s.rows}`);
  let first = 0;
  for (const block of s.blocks) {
    const n = block.length / s.width;
    if (t < first + n) return block.slice((t - first) * s.width, (t - first + 1) * s.width);
    first += n;
  }
  throw new RangeError(`rowAt: row ${t} of ${s.rows}`);
}

/** A store holding the frame-major rows of `data` (not copied: `data` becomes its only, full block). */
export function rowsFromFlat(data: Float64Array, width: number): RowBlocks {
  if (data.length % width !== 0) throw new RangeError(`rowsFromFlat: ${data.length} numbers are not whole rows of ${width}`);
  const rows = data.length / width;
  return { width, blockRows: Math.max(1, rows), blocks: rows > 0 ? [data] : [], rows, lastRows: rows };
}
