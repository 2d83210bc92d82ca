import { describe, expect, it } from 'vitest';
import * as zlib from 'node:zlib';
import { crc32, encodePng, heatmapPng, heatmapSvg, niceTicks, PNG_SIGNATURE, rasterize, viridis, withColourBar, type HeatmapGrid } from './index.js';

/** Independent PNG reader for the tests: chunks with CRC check, IHDR, inflated scanlines. */
function decodePng(bytes: Uint8Array): { width: number; height: number; rows: Uint8Array[]; chunks: string[] } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  let width = 0, height = 0;
  for (let o = 8; o < bytes.length;) {
    const len = dv.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    const body = bytes.subarray(o + 8, o + 8 + len);
    const crc = dv.getUint32(o + 8 + len);
    // zlib.crc32 (Node ≥ 20.15) is an implementation independent of ours.
    expect(crc, `${type} CRC`).toBe((zlib as unknown as { crc32(b: Uint8Array): number }).crc32(bytes.subarray(o + 4, o + 8 + len)));
    chunks.push(type);
    if (type === 'IHDR') {
      width = dv.getUint32(o + 8);
      height = dv.getUint32(o + 12);
      expect(Array.from(body.subarray(8))).toEqual([8, 2, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    o += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = 3 * width + 1;
  expect(raw.length).toBe(stride * height);
  const rows: Uint8Array[] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0);
    rows.push(new Uint8Array(raw.subarray(y * stride + 1, (y + 1) * stride)));
  }
  return { width, height, rows, chunks };
}

/** Minimal well-formedness check: balanced, properly nested tags, quoted attributes, escaped text. */
function checkXml(s: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const text = s.slice(last, m.index);
    expect(text, 'text between tags').not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    last = re.lastIndex;
    if (!m[2]) continue;
    if (m[1]) expect(stack.pop(), `closing </${m[2]}>`).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]);
    names.push(m[2]);
  }
  expect(s.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  return names;
}

const square: HeatmapGrid = {
  rows: 2, cols: 3, u: [3, 0], v: [0, 2],
  // row 0 (bottom): 0 1 2; row 1 (top): 3 4 5
  values: [0, 1, 2, 3, 4, 5],
};

describe('heat maps', () => {
  it('CRC-32 of the standard check string and of IEND', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('viridis runs from dark purple to yellow', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(-3)).toEqual(viridis(0));
    const lum = (c: number[]) => 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    for (let i = 1; i <= 20; i++) expect(lum(viridis(i / 20))).toBeGreaterThan(lum(viridis((i - 1) / 20)));
  });

  it('PNG: signature, IHDR size, chunk CRCs, and IDAT inflates back to the pixel rows', () => {
    const img = rasterize(square, { min: 0, max: 5 }, 10);
    expect([img.width, img.height]).toEqual([30, 20]);
    const png = encodePng(img);
    expect(Array.from(png.subarray(0, 8))).toEqual(Array.from(PNG_SIGNATURE));
    const d = decodePng(png);
    expect(d.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([d.width, d.height]).toEqual([30, 20]);
    for (let y = 0; y < 20; y++) expect(d.rows[y]).toEqual(img.data.subarray(90 * y, 90 * (y + 1)));
    // Top-right pixel is the top row's last cell (value 5 = max → yellow); bottom-left is 0.
    expect(Array.from(d.rows[0]!.subarray(87, 90))).toEqual(viridis(1));
    expect(Array.from(d.rows[19]!.subarray(0, 3))).toEqual(viridis(0));
    expect(Array.from(d.rows[19]!.subarray(3 * 15, 3 * 15 + 3))).toEqual(viridis(0.2));
  });

  it('a sheared grid leaves the outside of its parallelogram white', () => {
    const g: HeatmapGrid = { rows: 1, cols: 1, u: [2, 0], v: [1, 1.7320508], values: [1] };
    const img = rasterize(g, { min: 0, max: 1 }, 20);
    expect(img.width).toBe(60);
    const px = (x: number, y: number) => Array.from(img.data.subarray(3 * (y * img.width + x), 3 * (y * img.width + x) + 3));
    expect(px(0, 0)).toEqual([255, 255, 255]); // top-left corner: outside
    expect(px(30, 17)).toEqual(viridis(1)); // middle: inside
    expect(px(59, img.height - 1)).toEqual([255, 255, 255]); // bottom-right: outside
  });

  it('the PNG with colour bar decodes and the bar runs from min (bottom) to max (top)', () => {
    const d = decodePng(heatmapPng(square, { min: 0, max: 5 }, 10));
    const bar = withColourBar(rasterize(square, { min: 0, max: 5 }, 10));
    expect([d.width, d.height]).toEqual([bar.width, bar.height]);
    const x = 8 + 30 + 16 + 5;
    expect(Array.from(d.rows[8]!.subarray(3 * x, 3 * x + 3))).toEqual(viridis(1));
    expect(Array.from(d.rows[8 + 19]!.subarray(3 * x, 3 * x + 3))).toEqual(viridis(0));
  });

  it('SVG: well-formed, with title, axes in Å, colour bar, escaped text, and an embedded PNG that decodes', () => {
    const svg = heatmapSvg(square, { title: 'Li density, plane z = 0.5 <test> & more', unit: 'Li density (Å⁻³)', xLabel: 'along a (Å)', yLabel: '⊥ a (Å)', subtitle: 'slab 0.2 Å' });
    const names = checkXml(svg);
    expect(names[0]).toBe('svg');
    expect(names).toContain('image');
    expect(names).toContain('linearGradient');
    expect(svg).toContain('&lt;test&gt; &amp; more');
    expect(svg).toContain('Li density (Å⁻³)');
    expect(svg).toContain('along a (Å)');
    const b64 = /href="data:image\/png;base64,([^"]+)"/.exec(svg)![1]!;
    const d = decodePng(new Uint8Array(Buffer.from(b64, 'base64')));
    expect(d.width).toBeGreaterThan(100);
  });

  it('nice ticks', () => {
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-2.3, 7.1)).toEqual([-2, 0, 2, 4, 6]);
    expect(niceTicks(0, 0.0237)).toEqual([0, 0.005, 0.01, 0.015, 0.02]);
  });
});
