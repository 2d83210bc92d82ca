/**
 * Scale benchmark (issue 9 item 4): the whole analysis at the study's scale, peak memory at
 * 10⁵ atoms, and the MSD next to MDAnalysis and NumPy at the study's length.
 *
 *   npm run bench:scale                      # 208 atoms × 35,000 frames; 10⁵ atoms × 1000 frames; 3 reps
 *   npm run bench:scale -- --frames 2000 --atoms 10000 --mem-frames 200 --reps 2   # quick look
 *
 * Options: --frames N (study-scale frames, default 35000), --atoms N (memory test atoms,
 * default 100000), --mem-frames N (default 1000), --reps N (default 3), --skip-study (only
 * write the extxyz), --skip-msd,
 * --skip-memory, --skip-breakdown, --mem-profile (size the analysis states of the 10⁵-atom
 * run even when the target is met), --keep (keep the 10⁵-atom H5MD), --fft-false-max N
 * (longest trajectory for EinsteinMSD(fft=False), default 5000), --mem-cap MiB (a child whose
 * RSS passes it is killed and reported as above it; default 8192).
 * Prints markdown tables; writes bench/out/scale.json (every repetition, machine, load). See
 * bench/README.md, section "Scale".
 */
import { spawnSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { type CliRun, analyzeHasFlag, runCli, runProfile, timingOf } from './scale-cli.js';
import { ensureExtxyz, ensureH5md, removeInput, scaleDir } from './scale-inputs.js';
import { repeatFor } from './scale-model.js';
import { msdDataset, scaleMsd, type ScaleMsd } from './scale-msd.js';
import { type Breakdown, type Machine, type Memory, type Study, TARGETS, breakdownText, memoryText, msdJson, msdText, studyText } from './scale-report.js';

const ROOT = join(import.meta.dirname, '..');
const DT_FS = 1.45;
const FLAGS = ['--skip-study', '--skip-msd', '--skip-memory', '--skip-breakdown', '--mem-profile', '--keep', '--help', '-h'];
const VALUED = ['--frames', '--atoms', '--mem-frames', '--reps', '--fft-false-max', '--mem-cap'];
const USAGE = `npm run bench:scale [-- ${VALUED.map((v) => `${v} N`).join(' ')} ${FLAGS.slice(0, -2).join(' ')}]   (see bench/README.md, "Scale")\n`;

function parseArgs(argv: string[]): Record<string, number | boolean> {
  const o: Record<string, number | boolean> = { frames: 35000, atoms: 100000, 'mem-frames': 1000, reps: 3, 'fft-false-max': 5000, 'mem-cap': 8192 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (FLAGS.includes(a)) o[a.replace(/^-+/, '')] = true;
    else if (VALUED.includes(a) && Number.isInteger(Number(argv[i + 1])) && Number(argv[i + 1]) > 0) o[a.slice(2)] = Number(argv[++i]);
    else {
      process.stderr.write(`bench:scale: unknown or bad option ${a}\nusage: ${USAGE}`);
      process.exit(2);
    }
  }
  if (o.help || o.h) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  return o;
}

const opt = parseArgs(process.argv.slice(2));
const num = (k: string) => opt[k] as number;
const log = (s: string) => process.stderr.write(`${s}\n`);
const loads: Record<string, number[]> = {};
const mark = (stage: string) => { loads[stage] = loadavg().map((x) => Number(x.toFixed(2))); };
const rel = (p: string) => (p.startsWith(ROOT) ? p.slice(ROOT.length + 1) : p);

/** Part 1: `info` and `analyze` on the study-scale extxyz, as a user runs them (interleaved reps). */
async function study(dir: string, reps: number): Promise<Study> {
  log('writing (or reusing) the study-scale extxyz…');
  const xyz = await ensureExtxyz(dir, num('frames'), DT_FS);
  log(`  ${rel(xyz.path)}: ${(xyz.bytes / 1e6).toFixed(0)} MB${xyz.reused ? ' (reused)' : `, written in ${xyz.seconds.toFixed(1)} s`}`);
  if (opt['skip-study']) return { xyz };
  const workers = analyzeHasFlag('--workers') ? [1, 2] : [undefined];
  const workersNote = workers[0] === undefined ? '`analyze --help` has no --workers: the 1- and 2-worker variants were skipped, analyze ran with its default' : undefined;
  if (workersNote) log(`note: ${workersNote}`);
  const infoArgs = ['info', xyz.path];
  const analyzeArgs = (w?: number) => ['analyze', xyz.path, '--cation', 'Li', '--out', join(dir, `analyze-out${w ? `-w${w}` : ''}`), ...(w ? ['--workers', String(w)] : [])];
  log('warm-up: one untimed info run (page cache, tsx compile cache)…');
  await runCli(infoArgs);
  mark('cli');
  const runs = { info: [] as CliRun[], analyze: workers.map(() => [] as CliRun[]) };
  for (let r = 0; r < reps; r++) {
    // Interleaved, so that a change of load hits every command alike.
    log(`  rep ${r + 1}/${reps}: info…`);
    runs.info.push(await runCli(infoArgs, num('mem-cap')));
    for (const [i, w] of workers.entries()) {
      log(`  rep ${r + 1}/${reps}: analyze${w ? ` --workers ${w}` : ''}…`);
      runs.analyze[i]!.push(await runCli(analyzeArgs(w), num('mem-cap')));
    }
  }
  const analyze = workers.map((w, i) => ({ workers: w, t: timingOf(analyzeArgs(w), runs.analyze[i]!) }));
  return { xyz, workersNote, info: timingOf(infoArgs, runs.info), analyze, speedUp: workers.length === 2 ? analyze[0]!.t.median / analyze[1]!.t.median : undefined };
}

/** Part 2: peak RSS of info and analyze on the 10⁵-atom H5MD (deleted afterwards unless --keep). */
async function memory(dir: string): Promise<Memory> {
  const repeat = repeatFor(num('atoms'));
  const atoms = 208 * repeat[0] * repeat[1] * repeat[2];
  const need = atoms * num('mem-frames') * 12 * 1.2 + 2 ** 30;
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free < need) return { runs: [], skipped: `needs ${(need / 1e9).toFixed(1)} GB of free disk in ${rel(dir)}, ${(free / 1e9).toFixed(1)} GB free` };
  log(`memory: writing (or reusing) the ${atoms}-atom float32 H5MD (${repeat.join('×')} study cells, ${(atoms * num('mem-frames') * 12 / 1e9).toFixed(2)} GB; ${(free / 1e9).toFixed(0)} GB free)…`);
  const h5 = await ensureH5md(dir, num('atoms'), num('mem-frames'), DT_FS, repeat);
  log(`  ${rel(h5.path)}: ${(h5.bytes / 1e9).toFixed(2)} GB${h5.reused ? ' (reused)' : `, written in ${h5.seconds.toFixed(0)} s`}`);
  const out: Memory = { input: { ...h5, path: rel(h5.path), repeat, kept: Boolean(opt.keep) }, runs: [] };
  try {
    const cases: [string, string[]][] = [
      ['`info FILE`', ['info', h5.path]],
      ['`analyze FILE --cation Li --only msd --out DIR`', ['analyze', h5.path, '--cation', 'Li', '--only', 'msd', '--out', join(dir, 'mem-out-msd')]],
      ['`analyze FILE --cation Li --out DIR` (all analyses)', ['analyze', h5.path, '--cation', 'Li', '--out', join(dir, 'mem-out-all')]],
    ];
    for (const [label, args] of cases) {
      log(`  ${label}…`);
      try {
        const r = await runCli(args, num('mem-cap'));
        out.runs.push({ label, seconds: r.seconds, rssMiB: r.peakRssMiB, killedAtMiB: r.killedAtMiB });
      } catch (e) {
        out.runs.push({ label, error: (e as Error).message });
      }
      const last = out.runs.at(-1)!;
      log(`    ${last.killedAtMiB ? `killed above the cap (${last.killedAtMiB.toFixed(0)} MiB)` : `${last.rssMiB?.toFixed(0) ?? '?'} MiB`}`);
    }
    if (opt['mem-profile'] || out.runs.some((m) => m.error || m.killedAtMiB || (m.rssMiB ?? 0) > TARGETS.peakRssMiB)) {
      // Two short prefixes of the file: each state's size at k and 2k frames, extrapolated linearly.
      const k = Math.max(2, Math.round(h5.frames / 10));
      out.states = [];
      for (const kk of [k, 2 * k]) {
        log(`  sizing the analysis states on the first ${kk} frames (bench/scale-profile.ts)…`);
        try {
          const p = await runProfile<Breakdown>(h5.path, ['--no-read', '--frames', `0:${kk}`], num('mem-cap'));
          if ('killedAtMiB' in p) { out.statesError = `the profile of ${kk} frames passed the cap (${p.killedAtMiB.toFixed(0)} MiB)`; break; }
          out.states.push({ frames: kk, profile: p });
        } catch (e) {
          out.statesError = (e as Error).message;
          log(`  profile failed: ${out.statesError}`);
          break;
        }
      }
    }
  } finally {
    if (!opt.keep) removeInput(h5.path);
  }
  return out;
}

async function main(): Promise<void> {
  const started = Date.now();
  const reps = num('reps');
  const dir = scaleDir(ROOT);
  mark('start');
  const machine: Machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version, platform: `${process.platform} ${process.arch}` };
  log(`paddlewheel scale benchmark: ${num('frames')} frames × 208 atoms, memory ${num('atoms')} atoms × ${num('mem-frames')} frames, ${reps} reps; ${machine.cores} × ${machine.cpu}, load ${loads.start!.join(' ')}`);
  const st = await study(dir, reps);
  let breakdown: Breakdown | undefined;
  if (!opt['skip-breakdown']) {
    log('per-analysis breakdown (bench/scale-profile.ts, 1 run)…');
    mark('breakdown');
    const p = await runProfile<Breakdown>(st.xyz.path, [], num('mem-cap'));
    if ('killedAtMiB' in p) log(`  breakdown killed above the memory cap (${p.killedAtMiB.toFixed(0)} MiB)`);
    else breakdown = p;
  }
  let msd: ScaleMsd | undefined;
  if (!opt['skip-msd']) {
    log('MSD: paddlewheel (in process) vs NumPy FFT and MDAnalysis EinsteinMSD (/usr/bin/python3)…');
    mark('msd');
    msd = await scaleMsd(msdDataset(num('frames'), DT_FS, st.xyz.path), dir, reps, num('fft-false-max'));
    if (msd.peersError) log(`  peers failed: ${msd.peersError}`);
  }
  let mem: Memory | undefined;
  if (!opt['skip-memory']) {
    mark('memory');
    mem = await memory(dir);
  }
  mark('end');

  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  const dirty = (spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).stdout ?? '').trim() !== '';
  const out = process.stdout;
  out.write(`\nscale benchmark, ${new Date().toISOString().slice(0, 16)} UTC, commit ${commit}${dirty ? ' + uncommitted src/' : ''}\n`);
  out.write(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}; load average (1/5/15 min): ${Object.entries(loads).map(([k, v]) => `${k} ${v.join('/')}`).join('; ')}\n`);
  out.write(studyText(st, reps, DT_FS, rel(st.xyz.path)));
  if (breakdown) out.write(breakdownText(breakdown));
  if (msd) out.write(msdText(msd, reps));
  if (mem) out.write(memoryText(mem));

  const report = { benchmark: 'scale', date: new Date().toISOString(), command: `npm run bench:scale${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`, commit, srcDirty: dirty, machine, loadAverage: loads, options: opt,
    targets: TARGETS, study: { ...st, xyz: { ...st.xyz, path: rel(st.xyz.path) }, breakdown }, msd: msd && msdJson(msd), memory: mem, seconds: (Date.now() - started) / 1000 };
  await writeFile(join(ROOT, 'bench', 'out', 'scale.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote bench/out/scale.json in ${report.seconds.toFixed(0)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:scale failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
