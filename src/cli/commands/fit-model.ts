import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { refuseInputs, writeFileAtomic } from '../../core/atomic-write.js';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { fileRecord } from '../../core/provenance.js';
import { type Model, loadModel, parseModel } from '../../sim/lammps/model.js';
import { type Split, loadCpFrames, loadPoints } from '../../sim/model/dataset.js';
import { THZ_PER_CM1 } from '../../sim/model/filter.js';
import { type FitSetup, fitRigidIon, predict, prepare } from '../../sim/model/fit.js';
import { groupMetrics } from '../../sim/model/metrics.js';
import { transferCation } from '../../sim/model/transfer.js';
import { SHANNON_RADII } from '../../analysis/pauling/pauling.js';
import { VERSION } from '../../version.js';
import { parseCation, positiveNumber } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';

interface Flags {
  data?: string[]; cpTrajectory?: string[]; qeInput?: string; out: string; name?: string;
  cation: string; anion: string; cutoff: string; holdout: string; filterCm1: string; cpStride: string; cpEdge: string;
  stress: boolean; json?: boolean; evaluate?: string; transfer?: string;
}

const list = (v: string, p: string[] = []) => [...p, ...v.split(',').filter((s) => s !== '')];

/** `paddlewheel fit-model`: force-match a rigid-ion model (issue 7 item 1). */
export function registerFitModel(program: Command): void {
  program
    .command('fit-model')
    .description('force-match a rigid-ion model (charges + Buckingham, C6 = 0, Ewald) to first-principles forces/stress; writes a LAMMPS-ready model JSON (illustrative, not first-principles)')
    .option('--data <files>', 'Born–Oppenheimer single points (extxyz with forces and stress), comma list or repeated', list)
    .option('--cp-trajectory <files>', 'contiguous Car–Parrinello MD with forces (e.g. md-segment/lbh.pos,continuation/lbh.pos)', list)
    .option('--qe-input <file>', 'cp.x input naming the species of --cp-trajectory')
    .option('--out <file>', 'model file to write (JSON, src/sim/lammps/model.ts); required unless --evaluate')
    .option('--transfer <model>', 'fit nothing: move this model\'s cation–anion terms to --cation by the Shannon radius shift (A·exp(ΔR/ρ)); for cations without their own first-principles data, and labelled so')
    .option('--evaluate <model>', 'fit nothing: RMSE and R² of this model file on every configuration of each --data/--cp-trajectory source')
    .option('--name <name>', 'model name')
    .option('--cation <symbol>', 'cation', 'Li')
    .option('--anion <formula>', 'anion formula', 'B12H12')
    .option('--cutoff <Å>', 'short-range and real-space cutoff', '8')
    .option('--holdout <fraction>', 'last fraction of each data source held out', '0.2')
    .option('--filter-cm1 <cm-1>', 'low-pass cutoff for the cp.x forces', '1500')
    .option('--cp-stride <n>', 'use every n-th filtered cp.x frame', '5')
    .option('--cp-edge <n>', 'filtered frames dropped at each end of a cp.x block', '40')
    .option('--no-stress', 'do not fit the stress of the single points')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExample:\n  $ paddlewheel fit-model --data pilot.extxyz.gz --cp-trajectory md-segment/lbh.pos,continuation/lbh.pos --qe-input run_02b.in --out li2b12h12.model.json')
    .action(async (flags: Flags) => runFitModel(flags));
}

function int(flag: string, text: string, min: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`${flag} ${text}: expected an integer ≥ ${min}`);
  return v;
}

async function runFitModel(flags: Flags): Promise<void> {
  const log = new DiagnosticLog();
  const started = Date.now();
  if (flags.transfer !== undefined) return transferModel(flags, log);
  if (!flags.data?.length && !flags.cpTrajectory?.length) throw new UsageError('nothing to fit: give --data and/or --cp-trajectory');
  if (flags.evaluate !== undefined) return evaluateModel(flags, log);
  if (flags.out === undefined) throw new UsageError('--out FILE is required (the model file to write), unless --evaluate MODEL');
  if (!/\.json$/i.test(flags.out)) throw new UsageError(`--out ${flags.out}: expected a .json file name`);
  // Fail before the minutes of fitting when the output cannot be written.
  const dir = await stat(dirname(resolve(flags.out))).catch(() => undefined);
  if (!dir?.isDirectory()) throw new UsageError(`--out ${flags.out}: folder ${dirname(flags.out)} does not exist`);
  await refuseInputs(flags.out, [...(flags.data ?? []), ...(flags.cpTrajectory ?? []), ...(flags.qeInput ? [flags.qeInput] : [])], '--out');
  const cation = parseCation(flags.cation)!;
  const cutoff = positiveNumber('--cutoff', flags.cutoff, 'Å')!;
  const holdout = Number(flags.holdout);
  if (!(holdout > 0 && holdout < 1)) throw new UsageError(`--holdout ${flags.holdout}: expected a fraction in (0, 1)`);
  const filterCm1 = positiveNumber('--filter-cm1', flags.filterCm1, 'cm⁻¹')!;
  const ions = { cation, anion: flags.anion };
  const splits: Split[] = [];
  // Each file is its own source: its last fraction is held out and its metrics reported apart.
  for (const file of flags.data ?? []) splits.push(await loadPoints([file], ions, holdout, flags.stress, log));
  if (flags.cpTrajectory?.length) {
    splits.push(await loadCpFrames(flags.cpTrajectory, ions, holdout, { qeInput: flags.qeInput, cutoff: filterCm1 * THZ_PER_CM1, stride: int('--cp-stride', flags.cpStride, 1), edge: int('--cp-edge', flags.cpEdge, 0) }, log));
  }
  const elements = splits[0]!.train[0]!.elements;
  // Pairs of MODEL-NOTES: cation–anion atoms and the anion–anion terms; C6 = 0 throughout.
  const pairs = [[0, 2], [0, 1], [2, 2], [1, 2], [1, 1]].map(([a, b]) => ({ a: a!, b: b!, C: 0 }));
  const setup: FitSetup = {
    pairs, cutoff, ewald: { accuracy: 1e-6 },
    bounds: { q0: [0.2, 1.2], q2: [-0.6, 0.4], rho: [0.1, 0.6] },
    starts: [{ q0: 0.7, q2: -0.1, rho: pairs.map(() => 0.25) }, { q0: 0.5, q2: 0, rho: pairs.map(() => 0.35) }],
  };
  const train = prepare(splits.flatMap((s) => s.train), setup);
  const fit = fitRigidIon(train, setup);
  const metrics = splits.map((s) => {
    const tr = prepare(s.train, setup), te = prepare(s.test, setup);
    return { source: s.source, train: { configurations: s.train.length, ...groupMetrics(s.train, predict(tr, fit.params)) }, test: { configurations: s.test.length, ...groupMetrics(s.test, predict(te, fit.params)) } };
  });
  const inputs = [...(flags.data ?? []), ...(flags.cpTrajectory ?? [])];
  const records = await Promise.all(inputs.map(fileRecord));
  const el = (s: number) => elements[s]!;
  const q = fit.params.charges;
  const summary = metrics.map((m) => `${m.source}: held-out R² ${Object.entries(m.test).filter(([k]) => k !== 'configurations').map(([k, v]) => `${k} ${fmt((v as { r2: number | null }).r2, 3)}`).join(', ')}`).join('; ');
  const model: Model = parseModel({
    name: flags.name ?? `${cation.toLowerCase()}-${flags.anion.toLowerCase()}-rigid-ion-force-matched (illustrative, not first-principles)`,
    provenance: `Force-matched by paddlewheel fit-model ${VERSION} on ${new Date().toISOString()}: illustrative, not first-principles. ` +
      `Rigid-ion charges + Buckingham (C6 = 0) + Ewald, fitted to cation forces, anion net forces and torques${flags.stress && flags.data?.length ? ', molecular stress' : ''}; ` +
      `weights 1/std per group; last ${holdout} of each source held out; cp.x forces low-pass ${filterCm1} cm⁻¹. ` +
      `Data: ${records.map((r) => `${r.path} (sha256 ${r.sha256})`).join(', ')}. ${summary}.`,
    units: 'metal',
    charges: { [el(0)]: q[0], [el(1)]: q[1], [el(2)]: q[2] },
    pairs: fit.params.pairs.map((p) => ({ a: el(p.a), b: el(p.b), A: p.A, rho: p.rho, C: p.C })),
    cutoff,
    kspace: { style: 'pppm', accuracy: 1e-5 },
    anions: 'rigid',
  }, flags.out);
  await writeFileAtomic(flags.out, `${JSON.stringify(model, null, 2)}\n`, [...inputs, ...(flags.qeInput ? [flags.qeInput] : [])], '--out');
  for (const b of fit.atBounds) log.warn('W_FIT_BOUND', `fit parameter ${b}`);
  const body = { output: flags.out, model, fit: { cost: fit.cost, iterations: fit.iterations, weights: fit.weights, atBounds: fit.atBounds }, metrics, wallSeconds: (Date.now() - started) / 1000 };
  if (flags.json) return printJson(await envelope('fit-model', { ...flags }, inputs, log, body));
  printDiagnostics(log);
  process.stdout.write(`${flags.out}: q(${el(0)}) = ${fmt(q[0])}, q(${el(1)}) = ${fmt(q[1])}, q(${el(2)}) = ${fmt(q[2])} e\n`);
  for (const p of model.pairs) process.stdout.write(`  ${p.a}–${p.b}: A = ${fmt(p.A)} eV, ρ = ${fmt(p.rho)} Å, C = ${p.C}\n`);
  for (const m of metrics) {
    for (const set of ['train', 'test'] as const) {
      const r = m[set] as Record<string, unknown>;
      const parts = Object.entries(r).filter(([k]) => k !== 'configurations').map(([k, v]) => { const g = v as { rmse: number; r2: number | null; unit: string }; return `${k} RMSE ${fmt(g.rmse, 3)} ${g.unit} R² ${fmt(g.r2, 3)}`; });
      process.stdout.write(`  ${m.source} ${set === 'train' ? 'training' : 'held-out'} (${r.configurations as number}): ${parts.join('; ')}\n`);
    }
  }
}

/**
 * `fit-model --evaluate MODEL`: the model's cation-force, anion-force, torque and (molecular)
 * stress RMSE and R² on every configuration of each source (no hold-out split: none of these
 * configurations need have been seen by the model), so two models can be compared on the same
 * first-principles data. Species are matched by element symbol; pairs the model lacks are zero.
 */
async function evaluateModel(flags: Flags, log: DiagnosticLog): Promise<void> {
  const file = flags.evaluate!;
  const model = await loadModel(file, '--evaluate');
  const ions = { cation: parseCation(flags.cation)!, anion: flags.anion };
  const filterCm1 = positiveNumber('--filter-cm1', flags.filterCm1, 'cm⁻¹')!;
  const splits: Split[] = [];
  // holdout → nearly 0: every configuration is evaluated (loadPoints keeps at least one aside, merged back below).
  for (const f of flags.data ?? []) splits.push(await loadPoints([f], ions, 1e-9, flags.stress, log));
  // cp.x forces are filtered per block: two halves, each filtered on its own, both evaluated.
  if (flags.cpTrajectory?.length) splits.push(await loadCpFrames(flags.cpTrajectory, ions, 0.5, { qeInput: flags.qeInput, cutoff: filterCm1 * THZ_PER_CM1, stride: int('--cp-stride', flags.cpStride, 1), edge: int('--cp-edge', flags.cpEdge, 0) }, log));
  const elements = splits[0]!.train[0]!.elements;
  const index = (el: string) => {
    const i = elements.indexOf(el);
    if (i < 0) throw new UsageError(`--evaluate ${file}: the model names ${el}, which is not among the data's species ${elements.join(', ')}`);
    return i;
  };
  const charges = elements.map((el) => {
    const q = model.charges[el];
    if (q === undefined) throw new UsageError(`--evaluate ${file}: the model gives no charge for ${el}`);
    return q;
  }) as [number, number, number];
  const pairs = model.pairs.map((p) => ({ a: index(p.a), b: index(p.b), A: p.A, rho: p.rho, C: p.C }));
  const setup = { pairs: pairs.map((p) => ({ a: p.a, b: p.b, C: p.C })), cutoff: model.cutoff, ewald: { accuracy: 1e-6 } };
  const metrics = splits.map((s) => {
    const all = [...s.train, ...s.test];
    return { source: s.source, configurations: all.length, ...groupMetrics(all, predict(prepare(all, setup), { charges, pairs, cutoff: model.cutoff })) };
  });
  const body = { model: file, name: model.name, metrics };
  if (flags.json) return printJson(await envelope('fit-model', { ...flags }, [file, ...(flags.data ?? []), ...(flags.cpTrajectory ?? [])], log, body));
  printDiagnostics(log);
  process.stdout.write(`${file} (${model.name}):\n`);
  for (const m of metrics) {
    const parts = Object.entries(m).filter(([k]) => k !== 'source' && k !== 'configurations').map(([k, v]) => { const g = v as { rmse: number; r2: number | null; unit: string }; return `${k} RMSE ${fmt(g.rmse, 3)} ${g.unit} R² ${fmt(g.r2, 3)}`; });
    process.stdout.write(`  ${m.source} (${m.configurations}): ${parts.join('; ')}\n`);
  }
}

/**
 * `fit-model --transfer MODEL --cation M --out FILE`: the model's cation (the one element of its
 * charges with a Shannon radius) replaced by M, every pair with it scaled A → A·exp(ΔR/ρ),
 * ΔR = R⁺(M) − R⁺(old) (src/sim/model/transfer.ts): the same wall, moved out by the difference
 * of the ionic radii. Not a fit: the provenance says so.
 */
async function transferModel(flags: Flags, log: DiagnosticLog): Promise<void> {
  const file = flags.transfer!;
  if (flags.out === undefined) throw new UsageError('--transfer needs --out FILE (the transferred model)');
  if (!/\.json$/i.test(flags.out)) throw new UsageError(`--out ${flags.out}: expected a .json file name`);
  await refuseInputs(flags.out, [file], '--out');
  const model = await loadModel(file, '--transfer');
  const to = parseCation(flags.cation)!;
  const from = Object.keys(model.charges).find((el) => el in SHANNON_RADII);
  if (!from) throw new UsageError(`--transfer ${file}: the model has no cation with a Shannon radius (charges: ${Object.keys(model.charges).join(', ')})`);
  const t = transferCation(model, from, to);
  const out = parseModel({ ...t.model, name: flags.name ?? t.model.name }, flags.out);
  await writeFileAtomic(flags.out, `${JSON.stringify(out, null, 2)}\n`, [file], '--out');
  const body = { output: flags.out, from, to, shift: { value: t.shift, unit: 'Å' }, pairs: t.pairs, model: out };
  if (flags.json) return printJson(await envelope('fit-model', { ...flags }, [file], log, body));
  printDiagnostics(log);
  process.stdout.write(`${flags.out}: ${from} → ${to} by the Shannon radius shift ΔR = ${fmt(t.shift, 3)} Å (a transfer, not a fit)\n`);
  for (const p of t.pairs) process.stdout.write(`  ${p.a}–${p.b}: A ${fmt(p.fromA)} → ${fmt(p.toA)} eV, ρ = ${fmt(p.rho)} Å\n`);
}
