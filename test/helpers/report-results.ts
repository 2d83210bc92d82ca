import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const FIXTURE = join(ROOT, 'fixtures/li2b12h12-prim-800K/lbh.pos.gz');

/** A small D(T) table for the Arrhenius entry (E_a ≈ 450 meV; made up, not physics). */
const ARRHENIUS_CSV = 'label,T,D,stderr\n600K,600,1.2e-6,0.2e-6\n700K,700,4.1e-6,0.5e-6\n800K,800,1.05e-5,0.9e-6\n900K,900,2.2e-5,2.5e-6\n';

/**
 * Build an analysis folder like `paddlewheel analyze … --out DIR` writes (results.json,
 * density.cube, slice and van Hove images) by running the single commands on the demo fixture
 * with `--json` and collecting their objects under their ids. For report development and
 * tests while `analyze` is not there (and as an independent check once it is). Takes 5–25 s
 * (13 CLI processes in parallel).
 * `omit` leaves analyses out and records them as skipped with a reason.
 */
export async function buildResultsDir(dir: string, omit: string[] = []): Promise<Record<string, unknown>> {
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'arrhenius-points.csv');
  await writeFile(csv, ARRHENIUS_CSV);
  const ions = ['--cation', 'Li', '--anion', 'B12H12', '--json'];
  const jobs: Record<string, string[]> = {
    pauling: ['pauling', FIXTURE, ...ions],
    sites: ['sites', FIXTURE, ...ions],
    density: ['density', FIXTURE, ...ions, '--out', dir],
    msd: ['msd', FIXTURE, ...ions, '--temperature', '800'],
    vanhove: ['vanhove', FIXTURE, ...ions, '--out', dir, '--step-skip', '10'],
    rdf: ['rdf', FIXTURE, ...ions],
    coordination: ['coordination', FIXTURE, ...ions],
    angles: ['angles', FIXTURE, ...ions],
    docking: ['docking', FIXTURE, ...ions],
    distortion: ['distortion', FIXTURE, ...ions],
    rotation: ['rotation', FIXTURE, ...ions],
    spectra: ['spectra', FIXTURE, ...ions],
    arrhenius: ['arrhenius', '--csv', csv, '--carrier-density', '0.00788', '--cation', 'Li', '--json'],
  };
  const analyses: Record<string, unknown> = {};
  const skipped: Record<string, string> = {};
  await Promise.all(Object.entries(jobs).map(async ([id, args]) => {
    if (omit.includes(id)) {
      skipped[id] = `left out by the test (omit ${id})`;
      return;
    }
    const { stdout } = await run(process.execPath, [join(ROOT, 'bin/paddlewheel.js'), ...args], { cwd: ROOT, maxBuffer: 64 << 20, env: { ...process.env, CI: '1' } });
    analyses[id] = JSON.parse(stdout);
  }));
  const ordered = Object.fromEntries(Object.keys(jobs).filter((k) => k in analyses).map((k) => [k, analyses[k]]));
  const results = { tool: 'paddlewheel', inputs: [FIXTURE], analyses: ordered, skipped };
  await writeFile(join(dir, 'results.json'), JSON.stringify(results, null, 1));
  return results;
}

// `node --import tsx test/helpers/report-results.ts DIR` builds a folder by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? '/tmp/paddlewheel-report-dev';
  await buildResultsDir(dir);
  process.stdout.write(`${dir}/results.json\n`);
}
