// vega and vega-lite are loaded on first use: they take ~250 ms to import, which every CLI
// command would otherwise pay at start-up.
import type { Loader, LoggerInterface, Spec as VegaSpec } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { PaddlewheelError } from '../../core/errors.js';

/** A figure: a Vega-Lite specification with its data inline (no URLs), as `figureFor…` functions return. */
export type FigureSpec = TopLevelSpec;

/**
 * A Vega loader that refuses every request and records what was asked for. Figures carry
 * their data inline, so anything that tries to load (a data URL, an image, a link) is a bug in
 * a figure, and rendering must never touch the network or the file system.
 */
export function offlineLoader(refused: string[] = []): Loader {
  const refuse = async (uri: string): Promise<never> => {
    refused.push(uri);
    throw new Error(`figure tried to load ${JSON.stringify(uri)}; figures must carry their data inline`);
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/** An SVG document and the warnings Vega-Lite and Vega gave while making it. */
export interface RenderedSvg {
  svg: string;
  warnings: string[];
}

/**
 * Render a Vega-Lite figure to a standalone SVG document string in Node: compile to Vega,
 * run a headless `View` (renderer "none": no DOM, no canvas; text widths are estimated) and
 * serialise its scenegraph with `toSVG()`. Deterministic for a given spec. Vega reports
 * failures through its logger rather than by throwing, and a refused load only as a warning;
 * both are thrown here as E_INTERNAL, since a figure with missing data is a bug.
 */
export async function renderSvg(spec: FigureSpec): Promise<string> {
  return (await renderSvgWithWarnings(spec)).svg;
}

/** {@link renderSvg}, also returning the warnings (tests assert there are none). */
export async function renderSvgWithWarnings(spec: FigureSpec): Promise<RenderedSvg> {
  const log = collectingLogger();
  const { compile } = await import('vega-lite');
  const vg = compile(spec, { logger: log.logger }).spec;
  return renderVega(vg, log);
}

/** Render an already compiled Vega specification to SVG (see {@link renderSvg}). */
export async function renderVegaSvg(spec: VegaSpec): Promise<string> {
  return (await renderVega(spec, collectingLogger())).svg;
}

async function renderVega(spec: VegaSpec, log: ReturnType<typeof collectingLogger>): Promise<RenderedSvg> {
  const refused: string[] = [];
  const { parse, View } = await import('vega');
  const view = new View(parse(spec), { renderer: 'none', loader: offlineLoader(refused), logger: log.logger });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    // Vega downgrades a failed load to a warning and draws without the data: make it fatal.
    for (const uri of refused) log.errors.push(`figure tried to load ${JSON.stringify(uri)}; figures must carry their data inline`);
    if (log.errors.length) throw new PaddlewheelError('E_INTERNAL', `figure rendering failed: ${log.errors.join('; ')}`);
    return { svg, warnings: log.warnings };
  } finally {
    view.finalize();
  }
}

function collectingLogger(): { logger: LoggerInterface; errors: string[]; warnings: string[] } {
  const errors: string[] = [], warnings: string[] = [];
  const text = (args: readonly unknown[]): string => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  // Level: warn (3) as Vega counts; info and debug are dropped.
  const logger: LoggerInterface = {
    level(l?: number) { return l === undefined ? 3 : logger; },
    error(...args: unknown[]) { errors.push(text(args)); return this; },
    warn(...args: unknown[]) { warnings.push(text(args)); return this; },
    info() { return this; },
    debug() { return this; },
  };
  return { logger, errors, warnings };
}
