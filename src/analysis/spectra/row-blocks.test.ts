import { describe, expect, it } from 'vitest';
import { appendRow, concatRows, emptyRows, readColumns, rowAt, rowsFromFlat, type RowBlocks } from './row-blocks.js';

/** Append rows whose numbers encode (row, column): value = 1000·row + column. */
function fill(s: RowBlocks, from: number, count: number): void {
  for (let t = from; t < from + count; t++) {
    const o = appendRow(s), b = s.blocks[s.blocks.length - 1]!;
    for (let c = 0; c < s.width; c++) b[o + c] = 1000 * t + c;
  }
}

/** Naive oracle: every row read back one by one. */
function flat(s: RowBlocks): number[] {
  const out: number[] = [];
  for (let t = 0; t < s.rows; t++) out.push(...rowAt(s, t));
  return out;
}

const expected = (rows: number, width: number) => Array.from({ length: rows * width }, (_, i) => 1000 * Math.floor(i / width) + (i % width));

describe('row blocks', () => {
  it('appends across block boundaries; the last block is the only one with room', () => {
    const s = emptyRows(3, 4);
    fill(s, 0, 11);
    expect(s.rows).toBe(11);
    expect(s.blocks.map((b) => b.length)).toEqual([12, 12, 12]);
    expect(s.lastRows).toBe(3);
    expect(flat(s)).toEqual(expected(11, 3));
  });

  it('concatenation of consecutive parts (any split, rows in between) equals one store; appending to it leaves the parts intact', () => {
    for (const [na, nb, between] of [[0, 0, 0], [0, 5, 0], [5, 0, 1], [3, 4, 2], [4, 4, 0], [9, 1, 1], [1, 9, 2]] as const) {
      const a = emptyRows(3, 4), b = emptyRows(3, 4);
      fill(a, 0, na);
      const mid = Float64Array.from(expected(na + between, 3).slice(3 * na));
      fill(b, na + between, nb);
      const aCopy = flat(a), bCopy = flat(b);
      const m = concatRows(a, b, mid);
      expect(m.rows).toBe(na + between + nb);
      expect(flat(m)).toEqual(expected(na + between + nb, 3));
      fill(m, m.rows, 6);
      expect(flat(m)).toEqual(expected(na + between + nb + 6, 3));
      fill(a, na, 2); fill(b, na + between + nb, 2);
      expect(flat(a).slice(0, aCopy.length)).toEqual(aCopy);
      expect(flat(b).slice(0, bCopy.length)).toEqual(bCopy);
      expect(flat(m)).toEqual(expected(na + between + nb + 6, 3));
    }
  });

  it('readColumns transposes any column range, whatever the block layout', () => {
    const a = emptyRows(5, 3), b = emptyRows(5, 4);
    fill(a, 0, 7); fill(b, 7, 6);
    const s = concatRows(a, b);
    const out = new Float64Array(3 * s.rows);
    readColumns(s, 1, 3, out);
    for (let c = 0; c < 3; c++) for (let t = 0; t < s.rows; t++) expect(out[c * s.rows + t]).toBe(1000 * t + 1 + c);
    expect(() => readColumns(s, 3, 3, out)).toThrow(RangeError);
    const f = rowsFromFlat(Float64Array.from(expected(4, 2)), 2);
    expect(flat(f)).toEqual(expected(4, 2));
    fill(f, 4, 1);
    expect(flat(f)).toEqual(expected(5, 2));
  });
});
