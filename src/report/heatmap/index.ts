import { encodePng } from './png.js';
import { colourScale, type ColourScale, type HeatmapGrid, rasterize, withColourBar } from './raster.js';

export { heatmapSvg, niceTicks, type HeatmapLabels } from './svg.js';
export { colourScale, rasterize, withColourBar, type ColourScale, type HeatmapGrid } from './raster.js';
export { encodePng, crc32, PNG_SIGNATURE, type RgbImage } from './png.js';
export { viridis, VIRIDIS_ANCHORS } from './colormap.js';

/** PNG bytes of `g` in its true geometry with a colour bar (no text; see heatmapSvg for a labelled figure). */
export function heatmapPng(g: HeatmapGrid, scale: ColourScale = colourScale(g.values), pixelsPerAngstrom?: number): Uint8Array {
  return encodePng(withColourBar(rasterize(g, scale, pixelsPerAngstrom)));
}
