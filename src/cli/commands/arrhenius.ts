import type { Command } from 'commander';
import { DiagnosticLog } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { resolve } from 'node:path';
import { refuseOutputs, writeFileAtomic } from '../../core/atomic-write.js';
import type { Quantity } from '../../core/result.js';
import { arrhenius, formatArrheniusCsv, parseCarrierDensity, pointsFromRuns, readArrheniusCsv, type ArrheniusPoint, type ArrheniusResult, type CarrierComposition, type RunSummary } from '../../analysis/arrhenius/index.js';
import { DEFAULT_FORMAL_CHARGES, parseCharges, parseDrift, parseFitWindow } from '../../analysis/msd/index.js';
import { figureForArrhenius, renderSvg, sci, valueWithError } from '../../report/figures/index.js';
import { addTrajectoryOptions, openOptionsFrom, parseCation, parseRuns, positiveNumber, type CommonFlags } from '../options.js';
import { envelope, fmt, printDiagnostics, printJson } from '../output.js';
import { makeProgress } from '../progress.js';

interface ArrheniusFlags extends CommonFlags {
  csv?: string;
  plot?: string;
  pointsOut?: string;
  carrierDensity?: string;
  carrierCharge?: string;
  fit?: string;
  drift?: string;
  charge?: string;
}

const HELP = `
Inputs (give one or both):
  --csv FILE        a table whose header names its columns: T (or T_K) in K, D (or D_cm2_s) in
                    cm²/s (D_A2_ps in Å²/ps also works) and its standard error (D_error or
                    stderr); an optional label column. Without an error column the fit is unweighted.
  --run LABEL:FILES an MD run at one temperature, repeated per temperature: the label sets the
                    temperature (600K), the files are restart segments of that run; D comes from
                    the MSD analysis (with its --fit, --drift, --cation options).
Positional files are one trajectory (one temperature), so they do not make an Arrhenius plot;
several temperatures are always separate --run flags.

Fit: weighted least squares of ln D against 1/T, weights 1/(σ_D/D)²; when χ²_red > 1 the errors
are multiplied by √χ²_red (said in the output). D(300 K) carries the full covariance of the fit.
σ(300 K) = n q² e² D/(k_B·300 K) (Nernst–Einstein, Haven ratio 1) when the carriers are known:
--carrier-density, or the coldest run's ion count over its mean cell volume.

Examples:
  $ paddlewheel arrhenius --csv d.csv --plot arrhenius.svg
  $ paddlewheel arrhenius --run 600K:a1.xyz,a2.xyz --run 800K:b.xyz --run 900K:c.xyz --cation Li --plot fig.svg --json
  $ paddlewheel arrhenius --csv d.csv --carrier-density 7.9e21/cm3 --carrier-charge 1`;

/** `paddlewheel arrhenius`: E_a, D0, D(300 K) and σ(300 K) from D at several temperatures (SPEC section 4). */
export function registerArrhenius(program: Command): void {
  const cmd = program
    .command('arrhenius')
    .description('Arrhenius fit of ln D against 1/T: activation energy E_a (meV) ± error, prefactor D0, D and σ extrapolated to 300 K, and a plot like the study\'s Fig. S1 (from a CSV of D(T) or from --run trajectories)')
    .argument('[files...]', 'not used: give runs as --run LABEL:FILES (see below)')
    .option('--csv <file>', 'table of T (K), D (cm²/s) and D_error/stderr')
    .option('--plot <file.svg>', 'write the Arrhenius plot as SVG')
    .option('--points-out <file.csv>', 'write the D(T) points (e.g. computed from --run) as a CSV that --csv reads back')
    .option('--carrier-density <n>', 'carrier number density for σ(300 K): Å⁻³, or with a unit (7.9e21/cm3, 0.0079/A3)')
    .option('--carrier-charge <q>', 'carrier charge in e for σ(300 K) (default: from --cation, e.g. Li 1)')
    .option('--fit <start:end>', 'MSD fit window for --run, in ps (e.g. 2:20 or 500fs:10ps; default 10 %–60 % of each run)')
    .option('--drift <mode>', 'MSD drift removal for --run: framework (default), none, species:X')
    .option('--charge <El=q,…>', 'formal charges for --run (default +1 for alkali metals, Cu, Ag)')
    .addHelpText('after', HELP);
  addTrajectoryOptions(cmd).action(async (files: string[], flags: ArrheniusFlags) => {
    await runArrhenius(files, flags);
  });
}

async function runArrhenius(files: string[], flags: ArrheniusFlags): Promise<void> {
  if (files.length > 0) throw new UsageError(`arrhenius: positional files are one trajectory at one temperature; give each temperature as --run LABEL:FILES (e.g. --run 600K:${files[0]})`);
  const runs = parseRuns(flags.run);
  if (!flags.csv && runs.length === 0) throw new UsageError('arrhenius: give --csv FILE or --run LABEL:FILES (repeated, one per temperature)');
  if (flags.temperature !== undefined && runs.length > 0) throw new UsageError('--temperature: each --run has its own temperature; put it in the label (--run 600K:files)');
  const plot = flags.plot;
  if (plot !== undefined && !/\.svg$/i.test(plot)) throw new UsageError(`--plot ${plot}: only SVG is written (name the file .svg); PNG needs a rasteriser that paddlewheel does not ship`);
  const carrierCharge = positiveNumber('--carrier-charge', flags.carrierCharge, 'e');
  let density: number | undefined;
  if (flags.carrierDensity !== undefined) {
    density = parseCarrierDensity(flags.carrierDensity);
    if (!(density > 0)) throw new UsageError(`--carrier-density ${flags.carrierDensity}: expected a positive number in Å⁻³, or with a unit such as 7.9e21/cm3`);
  }
  const cation = parseCation(flags.cation);
  const msdOptions = { cation: flags.cation, anion: flags.anion, fit: parseFitWindow(flags.fit), drift: parseDrift(flags.drift), charges: parseCharges(flags.charge) };
  const openOptions = openOptionsFrom(flags);
  const outputs = [{ flag: '--plot', path: plot }, { flag: '--points-out', path: flags.pointsOut }];
  // Refused before any trajectory is read; the files found beside them are checked again below.
  await refuseOutputs(outputs, [...(flags.csv ? [flags.csv] : []), ...runs.flatMap((r) => r.files), ...(flags.qeInput ? [flags.qeInput] : [])]);

  const diagnostics = new DiagnosticLog();
  const inputs: string[] = [];
  const points: ArrheniusPoint[] = [];
  let columns: unknown;
  if (flags.csv) {
    const table = await readArrheniusCsv(flags.csv);
    inputs.push(flags.csv);
    points.push(...table.points);
    columns = table.columns;
    if (table.ignored.length) diagnostics.info('I_CSV_COLUMNS_IGNORED', `${flags.csv}: columns not used: ${table.ignored.join(', ')}`, { file: flags.csv });
  }
  let runSummaries: RunSummary[] = [];
  let carriers: CarrierComposition | undefined;
  if (runs.length > 0) {
    const progress = makeProgress('arrhenius');
    try {
      const r = await pointsFromRuns(runs, openOptions, msdOptions, diagnostics, () => progress.tick());
      points.push(...r.points);
      inputs.push(...r.inputs);
      runSummaries = r.runs;
      carriers = r.carriers;
    } finally {
      progress.stop();
    }
  }
  carriers = chooseCarriers(carriers, density, carrierCharge, cation, diagnostics);
  // Every output is checked before anything is computed or written, so a refused one leaves no partial set.
  if (plot !== undefined && flags.pointsOut !== undefined && resolve(plot) === resolve(flags.pointsOut)) throw new UsageError('--plot and --points-out name the same file');
  await refuseOutputs(outputs, inputs);
  const result = arrhenius(points, { diagnostics, carriers });
  if (plot) await writeFileAtomic(plot, await renderSvg(figureForArrhenius(result)), inputs, '--plot');
  if (flags.pointsOut) await writeFileAtomic(flags.pointsOut, formatArrheniusCsv(points), inputs, '--points-out');

  if (flags.json) {
    const params = {
      csv: flags.csv ?? null, runs: runs.map((r) => ({ label: r.label, files: r.files, temperature: r.temperature ?? null })),
      carrierDensity: density ?? null, carrierCharge: carrierCharge ?? null, cation: cation ?? null,
      fit: flags.fit ?? null, drift: flags.drift ?? null, charge: flags.charge ?? null, frames: flags.frames ?? null,
    };
    const body: Record<string, unknown> = {
      ...result,
      points: result.points.map((p, i) => ({ ...p, ...runExtras(runSummaries, points[i]!) })),
      ...(columns ? { csvColumns: columns } : {}),
      runs: runSummaries,
      plot: plot ?? null,
      pointsFile: flags.pointsOut ?? null,
    };
    if (!result.sigma300K) body['sigma300K'] = null;
    printJson(await envelope('arrhenius', params, inputs, diagnostics, body));
    return;
  }
  process.stdout.write(`${formatArrhenius(result, plot, flags.pointsOut).join('\n')}\n`);
  printDiagnostics(diagnostics);
}

/** Flags override what the runs say; a density without a charge takes the cation's formal charge. */
function chooseCarriers(fromRuns: CarrierComposition | undefined, density: number | undefined, charge: number | undefined, cation: string | undefined, log: DiagnosticLog): CarrierComposition | undefined {
  if (density === undefined) {
    if (fromRuns && charge !== undefined) return { ...fromRuns, charge, source: `${fromRuns.source.replace(/, q from .*$/, '')}, q from --carrier-charge` };
    if (!fromRuns && charge !== undefined) log.warn('W_NO_CARRIERS', '--carrier-charge without --carrier-density (or --run trajectories): σ(300 K) is not computed');
    return fromRuns;
  }
  let q = charge;
  let qSource = '--carrier-charge';
  if (q === undefined && fromRuns) {
    q = fromRuns.charge;
    qSource = 'q from the MSD analysis\'s charges';
  }
  if (q === undefined && cation && DEFAULT_FORMAL_CHARGES[cation] !== undefined) {
    q = DEFAULT_FORMAL_CHARGES[cation];
    qSource = `formal charge of ${cation}`;
  }
  if (q === undefined) {
    log.warn('W_NO_CARRIERS', '--carrier-density without a charge: give --carrier-charge (or --cation Li, Na, …); σ(300 K) is not computed');
    return undefined;
  }
  return { density, charge: q, source: `n from --carrier-density, ${qSource}` };
}

function runExtras(runs: RunSummary[], p: ArrheniusPoint): Record<string, unknown> {
  const r = runs.find((x) => x.label === p.label && p.line === undefined);
  if (r) return { source: 'run', files: r.files, frames: r.frames, fitWindow: r.fitWindow, method: r.method };
  return p.file ? { source: 'csv', file: p.file, line: p.line } : {};
}

function formatArrhenius(r: ArrheniusResult, plot: string | undefined, pointsOut: string | undefined): string[] {
  const f = r.fit;
  const range = (q: Quantity): string => {
    const iv = q['interval68'] as [number, number] | undefined;
    return iv ? ` (68 %: ${sci(iv[0], 3)} – ${sci(iv[1], 3)})` : '';
  };
  const rows = r.points.map((p) => `  ${(p.label === `${p.T} K` ? '' : p.label).padEnd(10)} ${fmt(p.T).padStart(7)} K  D = ${sci(p.D, 3).padEnd(11)} ± ${p.stderr === null ? '—' : sci(p.stderr, 2).padEnd(10)}${p.included ? (p.residual === null ? '' : `  residual ${(Math.abs(p.residual) < 0.005 ? 0 : p.residual).toFixed(2)}σ`) : '  left out (D ≤ 0)'}`);
  const chi = f.reducedChi2 === null ? 'ν = 0 (2 points: exact line)' : `χ²_red = ${f.reducedChi2.toPrecision(3)} (ν = ${f.dof}, p = ${f.pValue === null ? '—' : f.pValue.toPrecision(2)})${f.errorScale > 1 ? `, errors × ${f.errorScale.toPrecision(3)}` : ''}`;
  return [
    `Arrhenius fit of ln D against 1/T: ${f.points} points, ${fmt(f.temperatureRange[0])}–${fmt(f.temperatureRange[1])} K, ${f.weighted ? 'weighted by the D errors' : 'unweighted'}`,
    ...rows,
    `E_a      = ${valueWithError(r.Ea.value, r.Ea.stderr)} meV`,
    `D0       = ${sci(r.D0.value, 3)} cm²/s${range(r.D0)}`,
    `D(${r.extrapolationTemperature} K) = ${sci(r.D300K.value, 3)} cm²/s${range(r.D300K)}`,
    ...(r.sigma300K ? [`σ(${r.extrapolationTemperature} K) = ${sci(r.sigma300K.value, 3)} S/cm${range(r.sigma300K)}, Nernst–Einstein with n = ${sci((r.sigma300K['carrierDensity'] as Quantity).value, 4)} Å⁻³, q = ${fmt(r.sigma300K['carrierCharge'] as number)} e`] : []),
    chi,
    ...(plot ? [`plot: ${plot}`] : []),
    ...(pointsOut ? [`points: ${pointsOut}`] : []),
  ];
}
