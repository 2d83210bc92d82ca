/**
 * Where paddlewheel's text-parsing time goes, stage by stage, on one XDATCAR or extxyz
 * (diagnostic probe for bench/README.md; not part of `npm run bench`):
 *
 *   node --import tsx bench/probe-stages.ts bench/out/argyrodite-v1-1000.XDATCAR
 *
 * Stages, each timed alone on the whole file held in memory (median of 7 after a warm-up):
 * UTF-8 decoding, splitting into lines, `parseNumbers` over the 3-number coordinate lines, and
 * for comparison a byte-level scan that parses the same coordinates straight from the Buffer
 * (no strings at all). The byte scan is a lower bound for what number parsing must cost, not
 * a reader: it skips every non-coordinate line and does no error reporting.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseNumbers } from '../src/io/text/numbers.js';
import { median } from './proc.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node --import tsx bench/probe-stages.ts FILE\n');
  process.exit(2);
}
const bytes = readFileSync(file);
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The coordinate part of a line: XDATCAR `x y z`, extxyz `Sym x y z` (its first 3 numeric fields). */
function coordinateLines(lines: string[]): { lines: string[]; skip: number } {
  const xyz = /^\s*[A-Z][a-z]?\s+-?\d/;
  const frac = /^\s*-?\d+\.\d+\s+-?\d+\.\d+\s+-?\d+\.\d+\s*$/;
  const ext = lines.filter((l) => xyz.test(l));
  return ext.length > 0 ? { lines: ext, skip: 1 } : { lines: lines.filter((l) => frac.test(l)), skip: 0 };
}

/** Parse every line of plain `x y z` / `Sym x y z` numbers from bytes; returns how many numbers. */
function byteScan(b: Uint8Array, out: Float64Array): number {
  let count = 0;
  let i = 0;
  const n = b.length;
  while (i < n) {
    let c = b[i]!;
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    let neg = false;
    if (c === 45) {
      neg = true;
      i++;
    }
    let mant = 0;
    let frac = -1;
    for (; i < n; i++) {
      c = b[i]!;
      const d = c - 48;
      if (d >= 0 && d <= 9) {
        mant = mant * 10 + d;
        if (frac >= 0) frac++;
      } else if (c === 46 && frac < 0) frac = 0;
      else break;
    }
    if (i < n && c !== 32 && c !== 10 && c !== 9 && c !== 13) {
      while (i < n && b[i] !== 32 && b[i] !== 10) i++; // a word (symbol, key=value): skip it
      continue;
    }
    if (i === start || frac < 0) continue; // integers (atom counts, step numbers) are not coordinates
    const v = mant / POW10[frac]!;
    out[count++ % out.length] = neg ? -v : v;
  }
  return count;
}

function time(label: string, f: () => unknown): number {
  f();
  const s: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    f();
    s.push(performance.now() - t);
  }
  const m = median(s);
  process.stdout.write(`${label.padEnd(44)} ${m.toFixed(1).padStart(7)} ms  ${(bytes.length / 1e3 / m).toFixed(0).padStart(5)} MB/s\n`);
  return m;
}

const text = new TextDecoder().decode(bytes);
const allLines = text.split('\n');
const { lines, skip } = coordinateLines(allLines);
const out = new Float64Array(3 * 1024);
const ctx = { file, line: 0, what: 'coordinates' };
process.stdout.write(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, ${allLines.length} lines, ${lines.length} coordinate lines\n`);
time('UTF-8 decode (TextDecoder)', () => new TextDecoder().decode(bytes));
time("split('\\n') of the decoded text", () => text.split('\n'));
time('parseNumbers on the coordinate lines', () => {
  for (let i = 0; i < lines.length; i++) parseNumbers(lines[i]!, out, 3 * (i & 1023), 3, ctx, skip);
});
time('byte scan of the whole Buffer (lower bound)', () => byteScan(bytes, out));
