/**
 * Analysis benchmark: paddlewheel's MSD, g(r) and site occupancy next to MDAnalysis 2.4.2
 * (EinsteinMSD, InterRDF) and ASE (DiffusionCoefficient) on the same numbers.
 *
 *   npm run bench:analyses              # ~4 min: random walk 1000 Li × 1200 frames, 5 reps (peers 3)
 *   npm run bench:analyses -- --quick   # ~1 min: random walk 1000 Li × 400 frames, 3 reps
 *
 * Prints tables (ratios = peer median / paddlewheel median) and writes bench/out/analyses.json.
 * See bench/ANALYSES.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ARGYRODITE_RUNS, NA3PS4, type Dataset, argyroditeUnwrapped, argyroditeWrapped, inputDir, na3ps4, randomWalk, sharedMissing } from './analyses-inputs.js';
import { median, pwMsd, pwRdf, pwSites, type PwMsd, type PwRdf, type Timing } from './analyses-pw.js';
import { maxRelDiff, ratio, rdfAgreement, sci, secs, singleOriginMsd, table } from './analyses-report.js';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';
const TARGETS = { msd: 20, rdf: 3, sitesPer100: 1 };
const args = process.argv.slice(2);
if (args.some((a) => a !== '--quick')) {
  process.stderr.write('usage: npm run bench:analyses [-- --quick]   (see bench/ANALYSES.md)\n');
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}
const quick = args.includes('--quick');
const REPS = quick ? 3 : 5;
const PEER_REPS = 3;
const RW = quick ? { atoms: 1000, frames: 400 } : { atoms: 1000, frames: 1200 };
const log = (s: string) => process.stderr.write(`${s}\n`);
const load = () => Number(loadavg()[0]!.toFixed(2));

interface PeerTiming { times: number[]; skipped?: string; curve?: number[]; bins?: number[]; rdf?: number[]; count?: number[]; D_cm2_s?: number }
interface PeerOut { python: string; numpy: string; versions: Record<string, string | null>; unavailable: Record<string, string>; results: Record<string, PeerTiming | number | undefined>[] }

function runPeers(job: object, jobPath: string): Promise<PeerOut | { error: string }> {
  if (!existsSync(PYTHON)) return Promise.resolve({ error: `${PYTHON} not found` });
  return writeFile(jobPath, JSON.stringify(job)).then(() => {
    const r = spawnSync(PYTHON, [join(ROOT, 'bench', 'peers_analyses.py'), jobPath], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) return { error: `peers_analyses.py exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` };
    return JSON.parse(r.stdout) as PeerOut;
  });
}

const med = (t: PeerTiming | undefined): number | undefined => (t && !t.skipped ? median(t.times) : undefined);
const peerCell = (t: PeerTiming | undefined): string => (!t ? '–' : t.skipped ? 'skipped' : secs(median(t.times)));

async function main(): Promise<void> {
  const started = Date.now();
  const loads: Record<string, number> = { start: load() };
  log(`paddlewheel analysis benchmark (${quick ? 'quick' : 'full'}): ${REPS} reps (peers ${PEER_REPS}); load average ${loads.start}`);
  const dir = inputDir(ROOT);
  const skipped: Record<string, string> = {};
  const argMissing = sharedMissing(ARGYRODITE_RUNS), naMissing = sharedMissing([NA3PS4]);
  if (argMissing) skipped.argyrodite = argMissing;
  if (naMissing) skipped.na3ps4 = naMissing;
  for (const [k, v] of Object.entries(skipped)) log(`skipping ${k} rows: ${v}`);

  log('preparing inputs (written once to bench/out/analyses/)…');
  const argW = argMissing ? undefined : await argyroditeWrapped(dir);
  const argU = argW ? await argyroditeUnwrapped(dir, argW) : undefined;
  const rw = await randomWalk(dir, RW.atoms, RW.frames);
  const na = naMissing ? undefined : await na3ps4(dir);
  const msdInputs: Dataset[] = [...(argU ? [argU] : []), rw];
  const rdfInputs: { ds: Dataset; a: string; b: string; rmax: number; nbins: number }[] = [
    ...(na ? [{ ds: na, a: 'S', b: 'Na', rmax: 7, nbins: 140 }] : []),
    ...(argW ? [{ ds: argW, a: 'S', b: 'Li', rmax: 10, nbins: 200 }] : []),
  ];

  log('timing paddlewheel: MSD…');
  loads.msd = load();
  const pwM: PwMsd[] = [];
  for (const ds of msdInputs) pwM.push(await pwMsd(ds, 'Li', REPS, ds === rw ? 'cations' : undefined));
  log('timing paddlewheel: g(r)…');
  loads.rdf = load();
  const pwR: PwRdf[] = [];
  for (const r of rdfInputs) pwR.push(await pwRdf(r.ds, r.a, r.b, r.rmax, r.nbins, REPS));
  log('timing paddlewheel: sites…');
  loads.sites = load();
  const pwS = argW ? await pwSites(argW, REPS) : undefined;
  const cliReps = quick ? 1 : 3;
  const cliTimes: number[] = [];
  if (argW) {
    for (let i = 0; i < cliReps; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'paddlewheel.js'), 'sites', ...ARGYRODITE_RUNS, '--cation', 'Li', '--framework-atoms', 'S,Cl', '--dt', '100', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      cliTimes.push((performance.now() - t0) / 1000);
      if (r.status !== 0) { log(`paddlewheel sites CLI failed: ${r.stderr}`); break; }
    }
  }

  log('timing the peers (MDAnalysis, ASE) with /usr/bin/python3…');
  loads.peers = load();
  const symbolsOf = (ds: Dataset) => ds.topology.symbols;
  const job = {
    tasks: [
      ...msdInputs.map((ds) => ({ kind: 'msd', npy: ds.npy, symbols: symbolsOf(ds), select: 'Li', dt_fs: ds.dt * 1000, reps: PEER_REPS, ase: true })),
      ...rdfInputs.map((r) => ({ kind: 'rdf', npy: r.ds.npy, cells: r.ds.cellsNpy, symbols: symbolsOf(r.ds), a: r.a, b: r.b, rmax: r.rmax, nbins: r.nbins, reps: PEER_REPS })),
    ],
  };
  const peers = await runPeers(job, join(dir, 'job.json'));
  if ('error' in peers) log(`peers skipped: ${peers.error}`);
  else for (const [m, why] of Object.entries(peers.unavailable)) log(`peer ${m} unavailable: ${why}`);
  const pres = 'error' in peers ? [] : peers.results;
  loads.end = load();

  // MSD rows.
  const msdRows = msdInputs.map((ds, i) => {
    const pw = pwM[i]!, p = pres[i] ?? {};
    const mda = p.mda as PeerTiming | undefined, mdaFft = p.mda_fft as PeerTiming | undefined, ase = p.ase as PeerTiming | undefined;
    const ref = mda?.curve;
    const diff = ref ? { core: maxRelDiff(pw.curves.core, ref), analysis: maxRelDiff(pw.curves.analysis, ref) } : undefined;
    const readVsMemory = maxRelDiff(pw.curves.withRead, pw.curves.analysis);
    const aseCheck = ase?.curve ? maxRelDiff(ase.curve, singleOriginMsd(ds.positions, ds.topology.symbols, 'Li', ds.frames.length)) : undefined;
    return { input: ds.label, frames: ds.frames.length, atoms: ds.topology.symbols.filter((s) => s === 'Li').length, pw: { core: pw.core, analysis: pw.analysis, withRead: pw.withRead, D: pw.D },
      mda: mda && { median: med(mda), times: mda.times, skipped: mda.skipped }, mdaLoad: p.mda_load, mdaFft: mdaFft && { median: med(mdaFft), skipped: mdaFft.skipped },
      ase: ase && { median: med(ase), times: ase.times, skipped: ase.skipped, D: ase.D_cm2_s, singleOriginMaxRelDiff: aseCheck }, aseLoad: p.ase_load, maxRelDiff: diff, readVsMemoryMaxRelDiff: readVsMemory };
  });
  const rdfRows = rdfInputs.map((r, j) => {
    const pw = pwR[j]!, p = pres[msdInputs.length + j] ?? {};
    const mda = p.mda as PeerTiming | undefined;
    const agree = mda?.count ? rdfAgreement(pw.counts, mda.count, pw.g, mda.rdf!) : undefined;
    return { input: r.ds.label, pair: `${r.a}–${r.b}`, rmax: r.rmax, nbins: r.nbins, pw: { analysis: pw.analysis, withRead: pw.withRead },
      mda: mda && { median: med(mda), times: mda.times, skipped: mda.skipped }, mdaLoad: p.mda_load as number | undefined, agreement: agree, readVsMemoryMaxRelDiff: maxRelDiff(pw.gRead, pw.g, 0) };
  });

  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version,
    python: 'error' in peers ? undefined : peers.python, numpy: 'error' in peers ? undefined : peers.numpy, versions: 'error' in peers ? {} : peers.versions };
  const out = process.stdout;
  out.write(`\nanalysis benchmark (${new Date().toISOString().slice(0, 16)} UTC, ${quick ? 'quick' : 'full'}; ${machine.cores} cores ${machine.cpu}; node ${machine.node}, Python ${machine.python ?? '-'}, MDAnalysis ${machine.versions.MDAnalysis ?? '-'}, ASE ${machine.versions.ase ?? '-'}; load average ${Object.entries(loads).map(([k, v]) => `${k} ${v}`).join(', ')})\n\n`);
  out.write(`MSD of Li, every lag (median of ${REPS}; peers ${PEER_REPS}). pw core = FFT MSD sums on the unwrapped positions; pw analysis = full msd analysis (unwrap, collective MSD, fits) on frames in memory; +read = openTrajectory + diffusionFromTrajectory.\n\n`);
  out.write(`${table(['input', 'pw core', 'pw analysis', 'pw +read', 'MDA fft=False run()', 'MDA load', 'MDA fft=True', 'ASE calculate()', 'ASE load', 'MDA/pw analysis', 'MDA/pw core', 'MDA/pw +read', 'ASE/pw analysis', 'max rel diff vs MDA (core, analysis)', '+read vs in memory²'],
    msdRows.map((r) => [r.input, secs(r.pw.core.median), secs(r.pw.analysis.median), secs(r.pw.withRead.median), r.mda?.skipped ? 'skipped' : secs(r.mda?.median), secs(r.mdaLoad as number | undefined),
      r.mdaFft?.skipped ? 'skipped¹' : secs(r.mdaFft?.median), r.ase?.skipped ? 'skipped' : secs(r.ase?.median), secs(r.aseLoad as number | undefined),
      ratio(r.mda?.median, r.pw.analysis.median, TARGETS.msd), ratio(r.mda?.median, r.pw.core.median, TARGETS.msd), ratio(r.mda?.median, r.pw.withRead.median, TARGETS.msd), ratio(r.ase?.median, r.pw.analysis.median),
      r.maxRelDiff ? `${sci(r.maxRelDiff.core)}, ${sci(r.maxRelDiff.analysis)}` : '–', sci(r.readVsMemoryMaxRelDiff)]))}\n`);
  const fftSkip = msdRows.find((r) => r.mdaFft?.skipped)?.mdaFft?.skipped;
  if (fftSkip) out.write(`¹ ${fftSkip}\n`);
  out.write('² +read reads the original XDATCAR.gz (argyrodite) or an 8-decimal extxyz (random walk), not the float32 values the peers get: its curve differs from the in-memory one by that rounding.\n');
  for (const r of msdRows) if (r.ase && !r.ase.skipped) out.write(`ASE (${r.input}): single time origin r(t) − r(0), so not the same curve; its curve vs ours computed the same way: max rel diff ${sci(r.ase.singleOriginMaxRelDiff)}; D_ASE ${r.ase.D?.toExponential(3)} cm²/s (fit over all lags) vs paddlewheel D* ${r.pw.D.toExponential(3)} cm²/s (all origins, 10–60 % window)\n`);

  out.write(`\ng(r) (median of ${REPS}; peers ${PEER_REPS}). pw analysis = selection, init, push of every frame, finalize on frames in memory; +read adds openTrajectory and reading.\n\n`);
  out.write(`${table(['input', 'pair', 'bins', 'pw analysis', 'pw +read', 'MDA InterRDF run()', 'MDA load', 'MDA/pw analysis', 'MDA/pw +read', 'equal bins', 'max cum. shift', 'max rel g (equal bins)', 'max rel g (all bins)'],
    rdfRows.map((r) => [r.input, r.pair, `${r.nbins} to ${r.rmax} Å`, secs(r.pw.analysis.median), secs(r.pw.withRead.median), r.mda?.skipped ? 'skipped' : secs(r.mda?.median), secs(r.mdaLoad),
      ratio(r.mda?.median, r.pw.analysis.median, TARGETS.rdf), ratio(r.mda?.median, r.pw.withRead.median, TARGETS.rdf),
      r.agreement ? `${r.agreement.equalBins}/${r.agreement.bins}` : '–', r.agreement ? String(r.agreement.maxCumulativeShift) : '–', sci(r.agreement?.maxRelGEqualBins), sci(r.agreement?.maxRelGAllBins)]))}\n`);

  let sites: object | undefined;
  if (pwS) {
    const per100 = (t: Timing) => (t.median * 100) / pwS.frames;
    const res = pwS.result;
    out.write(`\nsites (Li, framework S,Cl atoms; ${pwS.frames} frames; median of ${REPS}):\n\n`);
    out.write(`${table(['stage', 'total', 'per 100 frames'], [
      ['init (selection, framework, g(r) site cutoff, site topology)', secs(pwS.init.median), '–'],
      ['push (every frame)', secs(pwS.push.median), secs(per100(pwS.push))],
      ['finalize', secs(pwS.finalize.median), '–'],
      ['analysis, frames in memory', secs(pwS.analysis.median), secs(per100(pwS.analysis))],
      ['with reading (openTrajectory + runSerial)', secs(pwS.withRead.median), secs(per100(pwS.withRead))],
      [`CLI \`paddlewheel sites … --json\` (whole process, ${cliTimes.length} run${cliTimes.length > 1 ? 's' : ''})`, secs(cliTimes.length ? median(cliTimes) : undefined), secs(cliTimes.length ? (median(cliTimes) * 100) / pwS.frames : undefined)],
    ])}\n`);
    out.write(`result: site cutoff ${res.siteCutoff.value.toFixed(3)} Å, P1 tetrahedral ${res.P1.tetrahedral.value.toFixed(4)}, trigonal ${res.P1.trigonal.value.toFixed(4)}, linear ${res.P1.linear.value.toFixed(4)}, unassigned ${res.unassignedFraction}\n`);
    sites = { frames: pwS.frames, init: pwS.init, push: pwS.push, finalize: pwS.finalize, analysis: pwS.analysis, withRead: pwS.withRead, cli: { times: cliTimes, median: cliTimes.length ? median(cliTimes) : undefined },
      per100Frames: { push: per100(pwS.push), analysis: per100(pwS.analysis), withRead: per100(pwS.withRead) },
      result: { siteCutoff: res.siteCutoff.value, P1: { tetrahedral: res.P1.tetrahedral.value, trigonal: res.P1.trigonal.value, linear: res.P1.linear.value }, unassignedFraction: res.unassignedFraction } };
  }

  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  const report = { benchmark: 'analyses', date: new Date().toISOString(), command: `npm run bench:analyses${quick ? ' -- --quick' : ''}`, commit, mode: quick ? 'quick' : 'full',
    repetitions: { paddlewheel: REPS, peers: PEER_REPS }, targets: TARGETS, machine, loadAverage: loads, skipped, peersError: 'error' in peers ? peers.error : undefined,
    peersUnavailable: 'error' in peers ? undefined : peers.unavailable, msd: msdRows, rdf: rdfRows, sites, seconds: (Date.now() - started) / 1000 };
  await writeFile(join(ROOT, 'bench', 'out', 'analyses.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote bench/out/analyses.json in ${report.seconds.toFixed(0)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:analyses failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
