/**
 * Parsing benchmark: paddlewheel vs ASE vs pymatgen on the same XDATCAR and extxyz.
 *
 *   npm run bench              # 1000-frame inputs, 5 repetitions (3 for pymatgen); memory 1000 vs 4000 frames
 *   npm run bench -- --quick   # 200-frame inputs; memory 200 vs 800 frames, without pymatgen
 *
 * Prints throughput tables and writes bench/out/parse.json. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { ensureInputs } from './generate.js';
import { type Input, type Timing, PYTHON, input, paddlewheelCli, paddlewheelParse, peakLive, peakRss, peerMissing, peerParse } from './measure.js';
import { rssSource } from './proc.js';
import { type InputResult, type MemoryResult, importTable, memoryTable, throughputTable } from './report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const REAL = join(ROOT, '..', 'shared', 'data', 'argyrodite-Li6PS5X-500K', 'Li6PS5Cl', '0p', 'run1', 'actual_XDATCAR.gz');
const TARGETS = { ase: 3, pymatgen: 10 };

const args = process.argv.slice(2);
if (args.some((a) => a !== '--quick')) {
  process.stderr.write('usage: npm run bench [-- --quick]   (see bench/README.md)\n');
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}
const quick = args.includes('--quick');
const FRAMES = quick ? 200 : 1000;
// Memory runs read N and 4N frames; the full run goes to 4000 frames so that V8's heap sizing
// (which grows RSS for a while even when live data is constant) has settled.
const MEM_N = quick ? 200 : 1000;
// pymatgen holds every frame as Structure objects (~1.5 GB at 4000 frames): full run only.
const MEM_TOOLS = quick ? (['paddlewheel', 'ase'] as const) : (['paddlewheel', 'ase', 'pymatgen'] as const);
const REPS = 5;
const PMG_REPS = 3;
const rel = (p: string) => p.startsWith(ROOT) ? p.slice(ROOT.length + 1) : p;
const log = (s: string) => process.stderr.write(`${s}\n`);

async function realInput(): Promise<Input | undefined> {
  if (!existsSync(REAL)) return undefined;
  const dest = join(OUT, 'Li6PS5Cl-0p-run1.XDATCAR');
  if (!existsSync(dest)) {
    // Via a temporary name, so an interrupted run never leaves a short file to be reused.
    await pipeline(createReadStream(REAL), createGunzip(), createWriteStream(`${dest}.tmp`));
    await rename(`${dest}.tmp`, dest);
  }
  return input('real Li6PS5Cl 0p run1 XDATCAR', 'xdatcar', rel(dest));
}

function sameChecksum(a: number | undefined, b: number | undefined): boolean {
  return a === undefined || b === undefined || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg()[0]!;
  log(`paddlewheel parsing benchmark (${quick ? 'quick' : 'full'}): ${FRAMES}-frame inputs, ${REPS} repetitions (pymatgen ${PMG_REPS})`);
  const timed = await ensureInputs(OUT, `argyrodite-v1-${FRAMES}`, FRAMES);
  const small = await ensureInputs(OUT, `argyrodite-v1-${MEM_N}`, MEM_N);
  const big = await ensureInputs(OUT, `argyrodite-v1-${4 * MEM_N}`, 4 * MEM_N);
  const inputs: Input[] = [
    input(`synthetic XDATCAR 416 atoms`, 'xdatcar', rel(timed.xdatcar)),
    input(`synthetic extxyz 416 atoms`, 'extxyz', rel(timed.extxyz)),
  ];
  const real = await realInput();
  if (real) inputs.push(real);
  else log(`real data not found (${REAL}): timing synthetic inputs only`);

  const missing = { ase: peerMissing('ase'), pymatgen: peerMissing('pymatgen') };
  for (const [p, why] of Object.entries(missing)) if (why) log(`skipping ${p}: ${why}`);

  log('timing paddlewheel (in-process parse, then the whole CLI)…');
  const pw = inputs.map((i) => paddlewheelParse(ROOT, i, REPS));
  const cli = inputs.map((i) => paddlewheelCli(ROOT, i, REPS));
  const peers: Record<'ase' | 'pymatgen', { version: string; importSeconds: number; timings: Timing[] } | undefined> = { ase: undefined, pymatgen: undefined };
  for (const p of ['ase', 'pymatgen'] as const) {
    if (missing[p]) continue;
    log(`timing ${p}…`);
    peers[p] = peerParse(ROOT, p, inputs, p === 'pymatgen' ? PMG_REPS : REPS);
  }

  const rows: InputResult[] = inputs.map((inp, k) => {
    const r: InputResult = {
      input: inp, frames: pw[k]!.frames ?? 0, atoms: pw[k]!.atoms, paddlewheel: pw[k]!, cli: cli[k]!,
      ase: peers.ase?.timings[k], pymatgen: peers.pymatgen?.timings[k], ratios: {}, checksumMismatch: [],
    };
    for (const p of ['ase', 'pymatgen'] as const) {
      const t = r[p];
      if (!t || t.na) continue;
      r.ratios[p] = t.median / r.paddlewheel.median;
      if (!sameChecksum(r.paddlewheel.checksum, t.checksum) || t.frames !== r.frames) r.checksumMismatch.push(p);
    }
    if (r.cli.frames !== undefined && r.cli.frames !== r.frames) r.checksumMismatch.push(`the CLI (${r.cli.frames} frames)`);
    return r;
  });

  log(`memory: peak RSS reading ${small.frames} vs ${big.frames} frames…`);
  const memory: MemoryResult[] = [];
  for (const tool of MEM_TOOLS) {
    if (tool !== 'paddlewheel' && missing[tool]) continue;
    for (const kind of ['xdatcar', 'extxyz'] as const) {
      const n = peakRss(ROOT, tool, input('', kind, rel(small[kind])));
      const n4 = peakRss(ROOT, tool, input('', kind, rel(big[kind])));
      const row: MemoryResult = { tool, kind, frames: [n.frames ?? small.frames, n4.frames ?? big.frames], rss: [n.kib, n4.kib], growth: (n4.kib - n.kib) / n.kib };
      if (tool === 'paddlewheel') row.live = [peakLive(ROOT, input('', kind, rel(small[kind]))), peakLive(ROOT, input('', kind, rel(big[kind])))];
      memory.push(row);
    }
  }

  const imports = {
    paddlewheel: pw[0]!.importSeconds,
    ase: peers.ase?.importSeconds,
    pymatgen: peers.pymatgen?.importSeconds,
  };
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version, python: spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'missing',
    ase: peers.ase?.version, pymatgen: peers.pymatgen?.version,
    // Other work on the machine skews timings: 1-minute load average before and after.
    loadAverage: [Number(loadBefore.toFixed(2)), Number(loadavg()[0]!.toFixed(2))],
  };
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();

  process.stdout.write(`\nparsing throughput (${new Date().toISOString().slice(0, 10)}, ${machine.cores} cores, ${machine.cpu}, node ${machine.node}, ${machine.python}, ASE ${machine.ase ?? '-'}, pymatgen ${machine.pymatgen ?? '-'}; load average ${machine.loadAverage.join(' → ')})\n\n`);
  process.stdout.write(`${throughputTable(rows, TARGETS)}\n\n${importTable(imports)}\n\n${memoryTable(memory, rssSource())}\n`);
  if (quick) process.stdout.write("(pymatgen's memory is measured in the full run only: it needs ~1.5 GB and ~40 s there)\n");

  const report = {
    benchmark: 'parse', date: new Date().toISOString(), command: `npm run bench${quick ? ' -- --quick' : ''}`, commit,
    mode: quick ? 'quick' : 'full', repetitions: { default: REPS, pymatgen: PMG_REPS }, targets: TARGETS, machine,
    skipped: Object.fromEntries(Object.entries(missing).filter(([, v]) => v)), imports, results: rows,
    memory: { source: rssSource(), rows: memory }, seconds: (Date.now() - started) / 1000,
  };
  await writeFile(join(OUT, 'parse.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${rel(join(OUT, 'parse.json'))} in ${report.seconds.toFixed(0)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
