/**
 * `npm run demo-data`: regenerate the embedded demo trajectories in fixtures/demo/ from
 * scratch — fit the illustrative model, transfer it to K, run LAMMPS, thin and write.
 *
 *   fit   paddlewheel fit-model on the pw.x pilot set → models/li2b12h12-illustrative.json
 *   K     Shannon-radius transfer Li → K (src/sim/model/transfer.ts) → fixtures/demo/models/
 *   MD    paddlewheel simulate --engine lammps, 208-atom cells, seeded, NVT
 *   write gzip-compressed extxyz (writeH5md only writes float64, so text with 4–5
 *         decimals is the smaller file), the first 1 ps (equilibration) dropped
 *
 * Flags: --data FILE (pw.x pilot extxyz; default ../shared/data/pw-li2b12h12-104-pilot/
 * pilot.extxyz.gz), --work DIR (LAMMPS run folders; default a fresh folder in the system
 * temp dir, kept for inspection), --jobs N (parallel LAMMPS runs, default 2), --only ID,ID
 * (rerun only these runs, e.g. k-800K; the fit and transfer always run).
 * The model is classical and ILLUSTRATIVE, not first-principles (fixtures/demo/README.md).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from '../src/core/frame.js';
import { writeExtxyz } from '../src/io/extxyz/write.js';
import { openTrajectory } from '../src/io/open.js';
import { loadModel } from '../src/sim/lammps/model.js';
import { transferCation } from '../src/sim/model/transfer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'fixtures', 'demo');
const modelPath = join(root, 'models', 'li2b12h12-illustrative.json');

/** One LAMMPS run and the file made from it. */
interface Job {
  id: string;
  cation: 'Li' | 'K';
  temperature: number;
  /** Simulated time (ps), equilibration included. */
  timePs: number;
  dumpFs: number;
  seed: number;
  /** Frames before this time (ps) are dropped as equilibration. */
  skipPs: number;
  /** Keep velocities (Å/fs) in the file: the spectra stretch only. */
  velocities: boolean;
  decimals: number;
  out: string;
}

/** The demo set: 800 K transport/sites, a 5-fs spectra stretch, an Arrhenius series, K for contrast. */
const JOBS: Job[] = [
  { id: 'li-800K', cation: 'Li', temperature: 800, timePs: 31, dumpFs: 50, seed: 11, skipPs: 1, velocities: false, decimals: 4, out: 'li2b12h12-800K-30ps.extxyz.gz' },
  { id: 'li-800K-spectra', cation: 'Li', temperature: 800, timePs: 3, dumpFs: 5, seed: 12, skipPs: 1, velocities: true, decimals: 5, out: 'li2b12h12-800K-spectra-2ps.extxyz.gz' },
  { id: 'li-600K', cation: 'Li', temperature: 600, timePs: 21, dumpFs: 100, seed: 13, skipPs: 1, velocities: false, decimals: 4, out: 'li2b12h12-600K-20ps.extxyz.gz' },
  { id: 'li-700K', cation: 'Li', temperature: 700, timePs: 21, dumpFs: 100, seed: 14, skipPs: 1, velocities: false, decimals: 4, out: 'li2b12h12-700K-20ps.extxyz.gz' },
  { id: 'li-900K', cation: 'Li', temperature: 900, timePs: 21, dumpFs: 100, seed: 15, skipPs: 1, velocities: false, decimals: 4, out: 'li2b12h12-900K-20ps.extxyz.gz' },
  { id: 'k-800K', cation: 'K', temperature: 800, timePs: 21, dumpFs: 100, seed: 16, skipPs: 1, velocities: false, decimals: 4, out: 'k2b12h12-800K-20ps.extxyz.gz' },
];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Run the CLI with inherited stdout/stderr (its progress lines show); reject on a non-zero exit. */
function paddlewheel(args: string[], logTo?: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'paddlewheel.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const keep = (b: Buffer) => (logTo ? chunks.push(b) : process.stdout.write(b));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', fail);
    child.on('close', async (code) => {
      if (logTo) await writeFile(logTo, Buffer.concat(chunks));
      if (code === 0) ok();
      else fail(new Error(`paddlewheel ${args[0]} exited with ${code}${logTo ? ` (log: ${logTo})` : ''}`));
    });
  });
}

/** Frames after `skipPs`, velocities dropped unless kept, time restarted at 0. */
async function* thinned(frames: AsyncIterable<Frame>, job: Job): AsyncGenerator<Frame> {
  for await (const f of frames) {
    if (f.time === undefined || f.time < job.skipPs - 1e-9) continue;
    yield { ...f, time: f.time - job.skipPs, velocities: job.velocities ? f.velocities : undefined, forces: undefined };
  }
}

async function runJob(job: Job, work: string, models: Record<string, string>): Promise<void> {
  const dir = join(work, job.id);
  const t0 = Date.now();
  console.log(`[demo-data] ${job.id}: ${job.cation} ${job.temperature} K, ${job.timePs} ps, frames every ${job.dumpFs} fs, seed ${job.seed} …`);
  await rm(dir, { recursive: true, force: true });
  await paddlewheel(
    ['simulate', '--engine', 'lammps', '--cation', job.cation, '--temperature', String(job.temperature), '--time', `${job.timePs}ps`,
      '--dump-every', `${job.dumpFs}fs`, '--seed', String(job.seed), '--model', models[job.cation]!, '--out', dir],
    join(work, `${job.id}.log`),
  );
  const traj = await openTrajectory([join(dir, 'traj.lammpstrj')], { mdTimestep: 1 });
  const target = join(outDir, job.out);
  const r = await writeExtxyz(thinned(traj.frames(), job), traj.topology, target, { decimals: job.decimals });
  const size = (await stat(target)).size;
  console.log(`[demo-data] ${job.id}: ${r.frames} frames → fixtures/demo/${job.out} (${(size / 1e6).toFixed(2)} MB) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  const data = resolve(flag('--data') ?? join(root, '..', 'shared', 'data', 'pw-li2b12h12-104-pilot', 'pilot.extxyz.gz'));
  const work = flag('--work') ? resolve(flag('--work')!) : await mkdtemp(join(tmpdir(), 'paddlewheel-demo-'));
  const jobs = Math.max(1, Number(flag('--jobs') ?? 2));
  await mkdir(join(outDir, 'models'), { recursive: true });
  await mkdir(work, { recursive: true });
  console.log(`[demo-data] work folder ${work}`);

  console.log(`[demo-data] fit: ${data}`);
  await paddlewheel(['fit-model', '--data', data, '--out', modelPath, '--name', 'li2b12h12-illustrative']);
  const li = await loadModel(modelPath);
  const k = transferCation(li, 'Li', 'K');
  const kPath = join(outDir, 'models', 'k2b12h12-illustrative.json');
  await writeFile(kPath, `${JSON.stringify(k.model, null, 2)}\n`);
  console.log(`[demo-data] transfer Li → K: ΔR = ${k.shift.toFixed(2)} Å → ${kPath}`);
  await writeFile(join(outDir, 'models', 'li2b12h12-illustrative.json'), await readFile(modelPath));
  const models = { Li: modelPath, K: kPath };

  const only = flag('--only')?.split(',');
  const queue = JOBS.filter((j) => !only || only.includes(j.id));
  const lane = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await runJob(job, work, models);
  };
  await Promise.all(Array.from({ length: jobs }, lane));
  console.log(`[demo-data] done; LAMMPS folders kept in ${work}`);
}

main().catch((e: unknown) => {
  console.error(`[demo-data] failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
