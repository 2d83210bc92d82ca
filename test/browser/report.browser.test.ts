import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { writeReport } from '../../src/report/html/index.js';
import { buildResultsDir } from '../helpers/report-results.js';

/**
 * The report in a real browser: Debian's chromium driven by playwright-core (never
 * `npx playwright install`), the page opened from disk with every request that is not
 * file:, data: or blob: aborted. Screenshots go to a temporary folder printed on stderr.
 */
// The callbacks given to page.evaluate run in the page; the project compiles without the DOM
// library, so its globals are declared loosely here (module scope, nothing leaks).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type HTMLCanvasElement = any;

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const reason = available ? '' : ` (skipped: ${CHROMIUM} not installed; .ci/run installs Debian's chromium)`;

describe.skipIf(!available)(`report.html in chromium${reason}`, () => {
  let dir: string, shots: string, profile: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const blocked: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-report-'));
    shots = await mkdtemp(join(tmpdir(), 'pw-report-shots-'));
    profile = await mkdtemp(join(tmpdir(), 'pw-chromium-profile-'));
    await buildResultsDir(dir, ['docking']);
    await writeReport(dir);
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(file|data|blob):/.test(url)) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
    await page.evaluate(() => window.__report.ready as Promise<string[]>);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('loads with no console errors and no network requests', async () => {
    const errors = await page.evaluate(() => window.__report.errors as string[]);
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });

  it('draws every figure with data marks', async () => {
    const figures = await page.evaluate(() => {
      const ids = window.__report.figures as string[];
      return ids.map((id) => {
        const el = document.getElementById(id)!;
        const svg = el.querySelector('svg');
        const marks = svg ? svg.querySelectorAll('g.role-mark:not(.mark-text) > *').length : 0;
        const box = svg?.getBoundingClientRect();
        return { id, rendered: el.getAttribute('data-rendered'), marks, width: box?.width ?? 0, height: box?.height ?? 0 };
      });
    });
    // Density slices (3), sites, rdf, coordination, angles, msd, arrhenius, van Hove (2), rotation, distortion, spectra.
    expect(figures.length).toBe(14);
    for (const f of figures) {
      expect(f, f.id).toMatchObject({ rendered: 'true' });
      expect(f.marks, f.id).toBeGreaterThan(0);
      expect(f.width * f.height, f.id).toBeGreaterThan(100 * 100);
    }
  });

  it('says why a skipped analysis is missing', async () => {
    const text = await page.locator('#docking').innerText();
    expect(text).toContain('left out by the test (omit docking)');
    expect(await page.locator('.card.missing').filter({ hasText: 'docked fraction' }).count()).toBe(1);
  });

  it('draws the cell and the iso-surface in the 3-D viewer, and the slider redraws it', async () => {
    const stats = () => page.evaluate(() => {
      const gl = document.querySelector('#viewer canvas') as HTMLCanvasElement;
      const c = document.createElement('canvas');
      c.width = gl.width; c.height = gl.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(gl, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let nonWhite = 0, red = 0, blue = 0, hash = 0;
      const colours = new Set<number>();
      for (let i = 0; i < px.length; i += 4) {
        const r = px[i]!, g = px[i + 1]!, b = px[i + 2]!;
        if (r < 245 || g < 245 || b < 245) nonWhite++;
        if (r > 120 && r > g + 40 && r > b + 40) red++;
        if (b > 100 && b > r + 30) blue++;
        colours.add((r << 16) | (g << 8) | b);
        hash = (hash * 31 + r + g + b) >>> 0;
      }
      return { pixels: px.length / 4, nonWhite, red, blue, colours: colours.size, hash };
    });
    await page.locator('#viewer').screenshot({ path: join(shots, 'viewer.png') });
    const start = await page.locator('#iso').inputValue();
    const before = await stats();
    expect(before.colours).toBeGreaterThan(50);
    expect(before.nonWhite / before.pixels).toBeGreaterThan(0.01);
    expect(before.red, 'iso-surface (red)').toBeGreaterThan(200);
    expect(before.blue, 'anion centres (blue)').toBeGreaterThan(50);
    await page.locator('#iso').fill('55');
    await page.locator('#iso').dispatchEvent('input');
    const after = await stats();
    expect(after.hash).not.toBe(before.hash);
    expect(after.red).toBeLessThan(before.red);
    expect(await page.locator('#iso-label').innerText()).toMatch(/encloses \d+ % of the Li/);
    await page.locator('#iso').fill(start);
    await page.locator('#iso').dispatchEvent('input');
  });

  it('saves screenshots', async () => {
    await mkdir(shots, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, 'report-top.png') });
    await page.screenshot({ path: join(shots, 'report-full.png'), fullPage: true });
    for (const id of await page.locator('main > section').evaluateAll((els) => els.map((e) => e.id))) {
      await page.locator(`section#${id}`).screenshot({ path: join(shots, `section-${id}.png`) });
    }
    await writeFile(join(shots, 'README.txt'), `screenshots of ${dir}/report.html\n`);
    process.stderr.write(`report screenshots: ${shots}\n`);
    expect(existsSync(join(shots, 'report-full.png'))).toBe(true);
  });
});
