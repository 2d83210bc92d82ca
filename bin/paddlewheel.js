#!/usr/bin/env node
// Entry point. In a source checkout the TypeScript sources run directly through tsx's
// loader (no build step between `npm ci` and `npx paddlewheel`); a published package
// ships dist/ and runs that.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'cli', 'main.ts');
const dist = join(root, 'dist', 'cli', 'main.js');

let mod;
if (existsSync(src) && process.env.PADDLEWHEEL_USE_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  mod = await import(pathToFileURL(src).href);
} else {
  mod = await import(pathToFileURL(dist).href);
}
await mod.main(process.argv);
