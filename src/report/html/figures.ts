import type { FigureSpec } from '../figures/render.js';
import { esc } from './format.js';

/** Collects the report's figures: each gets an element id, the specs go into one JSON block. */
export class FigureSet {
  readonly specs: Record<string, FigureSpec> = {};
  private n = 0;

  /** A placeholder `<figure>` for `spec` (drawn by vega-embed in the page) with its caption. */
  add(spec: FigureSpec, caption: string, wide = false): string {
    const id = `fig-${++this.n}`;
    this.specs[id] = spec;
    return `<figure class="${wide ? 'wide' : ''}"><div class="vl" id="${id}" data-figure="${id}"></div><figcaption>${caption}</figcaption></figure>`;
  }

  /** A figure that could not be made: says why instead of drawing nothing. */
  failed(what: string, why: string): string {
    return `<figure><div class="fig-missing">${esc(what)}: ${esc(why)}</div></figure>`;
  }
}
