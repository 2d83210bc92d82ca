/**
 * Figures: pure functions from a result to a Vega-Lite specification with its data inline
 * (`figureFor<Analysis>`), and one renderer from a specification to SVG in Node. The HTML
 * report and the web app embed the same specifications and let Vega draw them.
 *
 * To add a figure: one file `<analysis>.ts` exporting `figureFor<Analysis>(result)`, built on
 * {@link linePlot} where a line plot does; export it here.
 */
export { renderSvg, renderSvgWithWarnings, renderVegaSvg, offlineLoader, type FigureSpec, type RenderedSvg } from './render.js';
export { linePlot, type LinePlotOptions, type LineSeries, type ShadedRange } from './line.js';
export { figureForArrhenius } from './arrhenius.js';
export { figureForMsd, type MsdFigureInput } from './msd.js';
export { sci, valueWithError } from './text.js';
