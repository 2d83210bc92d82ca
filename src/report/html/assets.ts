import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaddlewheelError } from '../../core/errors.js';

/** The browser bundles the report inlines, as paths under node_modules. */
const BUNDLES = {
  vega: 'vega/build/vega.min.js',
  vegaLite: 'vega-lite/build/vega-lite.min.js',
  vegaEmbed: 'vega-embed/build/vega-embed.min.js',
  threeDmol: '3dmol/build/3Dmol-min.js',
} as const;

/** The inlined scripts' texts, by name. */
export type VendorScripts = Record<keyof typeof BUNDLES, string>;

let cache: Promise<VendorScripts> | undefined;

/**
 * Read the UMD builds of vega, vega-lite, vega-embed and 3Dmol from node_modules (found by
 * walking up from this file, so it works from src/ and from dist/; package `exports` maps do
 * not list the build files, so require.resolve cannot be used), made safe to inline: source
 * map comments removed (the browser would request the .map file) and every `</script`
 * written as `<\/script` (the same string to JavaScript, not the end of the element to HTML).
 */
export function vendorScripts(): Promise<VendorScripts> {
  cache ??= (async () => {
    const out: Partial<VendorScripts> = {};
    for (const [name, rel] of Object.entries(BUNDLES) as [keyof VendorScripts, string][]) {
      const text = await readFile(findModuleFile(rel), 'utf8');
      out[name] = text.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n').replace(/<\/script/gi, '<\\/script');
    }
    return out as VendorScripts;
  })();
  return cache;
}

function findModuleFile(rel: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', rel);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new PaddlewheelError('E_INTERNAL', `report: cannot find node_modules/${rel} (is the package installed with its dependencies?)`);
    dir = up;
  }
}
