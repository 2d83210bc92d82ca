/**
 * Viridis, the perceptually uniform, colour-blind-friendly sequential colormap designed by
 * Stéfan van der Walt and Nathaniel Smith (2015) for matplotlib 2.0, where it is the default
 * (released into the public domain, CC0). Facts used here: its dark-purple → blue → green →
 * yellow path and its colours at ten evenly spaced points, t = 0, 1/9, …, 1 (the values the R
 * package viridisLite also lists for `viridis(10)`). Between them this table interpolates
 * linearly in sRGB, which stays within a few 8-bit steps of the full 256-entry map.
 */
export const VIRIDIS_ANCHORS: readonly string[] = [
  '#440154', '#482878', '#3e4a89', '#31688e', '#26828e',
  '#1f9e89', '#35b779', '#6dcd59', '#b4de2c', '#fde725',
];

const RGB: readonly [number, number, number][] = VIRIDIS_ANCHORS.map((h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)]);

/** Colour of t ∈ [0, 1] (clamped; NaN → 0) as 8-bit [r, g, b]. */
export function viridis(t: number): [number, number, number] {
  const x = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t)) * (RGB.length - 1);
  const i = Math.min(RGB.length - 2, Math.floor(x));
  const f = x - i;
  const a = RGB[i]!, b = RGB[i + 1]!;
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
}

/** A 256-entry lookup table (r, g, b interleaved) for fast rasterising. */
export function viridisTable(): Uint8Array {
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) out.set(viridis(i / 255), 3 * i);
  return out;
}
