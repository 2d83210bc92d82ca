import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCpInput, type CpInput } from '../../src/io/qe-cp/input.js';
import { DiagnosticLog } from '../../src/core/diagnostics.js';
import { prepareQeRun } from '../../src/cli/commands/qe-input.js';
import { writeQeRun } from '../../src/sim/qe/write-run.js';
import { sharedData } from '../helpers/data.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-qe-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shared = sharedData('qe-cp-li2b12h12-prim-800K');
const PSEUDO = join(shared.path, 'pseudo');
const read = (p: string): CpInput => parseCpInput(readFileSync(p, 'utf8'), p);
const entries = (i: CpInput, nl: string) => i.namelists[nl]!.entries;

// Keys that legitimately differ from the proven inputs (names, paths, run lengths, saves).
const RUN_KEYS = new Set(['title', 'prefix', 'outdir', 'pseudo_dir', 'nstep', 'iprint', 'isave', 'max_seconds']);

describe.skipIf(!shared.available)(`paddlewheel qe-input (CLI) ${shared.reason}`, () => {
  const prim = join(dir, 'prim');
  let summary: Record<string, any>;

  it('writes the 26-atom primitive cell in three stages plus a continuation and run.slurm; --json summary', () => {
    const r = cli(['qe-input', '--cation', 'Li', '--supercell', 'primitive', '--temperature', '800', '--nstep', '3000', '--nve-nstep', '200', '--gs-nstep', '200', '--isave', '500', '--max-seconds', '7800', '--pseudo-dir', PSEUDO, '--out', prim, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    summary = JSON.parse(r.stdout);
    expect(summary.analysis).toBe('qe-input');
    expect(summary.atoms).toBe(26);
    expect(summary.composition).toEqual({ B: 12, H: 12, Li: 2 });
    expect(summary.cell.ibrav).toBe(2);
    expect(summary.cell.volume.value).toBeCloseTo(10.05 ** 3 / 4, 9);
    expect(summary.protocol.ecutrho.note).toMatch(/not stated by the study/);
    expect(summary.stages.nvt.ps).toBeCloseTo(3000 * 6 * 2.4188843265857e-5, 12);
    expect(readdirSync(prim).sort()).toEqual(['01_gs', '02_nve', '03_nvt', 'pseudo', 'run.slurm']);
    expect(readdirSync(join(prim, 'pseudo')).sort()).toEqual(['B.pbe-n-rrkjus_psl.1.0.0.UPF', 'H.pbe-rrkjus_psl.0.1.UPF', 'Li.pbe-s-rrkjus_psl.0.2.1.UPF']);
    expect(readdirSync(join(prim, '03_nvt')).sort()).toEqual(['03_nvt.in', '03_nvt_continue.in']);
  });

  it('each stage carries the proven inputs\' protocol keys with the same values (01_gs.in, run_02a.in, run_02b.in, run_03_continuation.in)', () => {
    const pairs: [string, string][] = [
      ['01_gs/01_gs.in', '01_gs.in'],
      ['02_nve/02_nve.in', 'run_02a.in'],
      ['03_nvt/03_nvt.in', 'run_02b.in'],
      ['03_nvt/03_nvt_continue.in', 'run_03_continuation.in'],
    ];
    for (const [ours, theirs] of pairs) {
      const a = read(join(prim, ours)), b = read(join(shared.path, theirs));
      expect(Object.keys(a.namelists).sort(), ours).toEqual(Object.keys(b.namelists).sort());
      for (const nl of Object.keys(b.namelists)) {
        const keysA = Object.keys(entries(a, nl)).filter((k) => !RUN_KEYS.has(k)).sort();
        const keysB = Object.keys(entries(b, nl)).filter((k) => !RUN_KEYS.has(k)).sort();
        expect(keysA, `${ours} &${nl}`).toEqual(keysB);
        for (const k of keysB) {
          if (k === 'ndr' || k === 'ndw') continue; // checked below (continuation numbering differs)
          expect(entries(a, nl)[k], `${ours} &${nl} ${k}`).toEqual(entries(b, nl)[k]);
        }
      }
      // Same species, element order and masses except B (10.81, IUPAC's conventional value, vs 10.811).
      expect(a.species.map((s) => [s.symbol, s.pseudo]).sort()).toEqual(b.species.map((s) => [s.symbol, s.pseudo]).sort());
      expect(a.species.find((s) => s.symbol === 'H')!.mass).toBe(2.014);
      expect(a.nat).toBe(26);
      expect(a.celldm[0]).toBe(18.991748);
    }
  });

  it('chains the stages: restart units, restart modes, run lengths, saves and paths', () => {
    const gs = read(join(prim, '01_gs/01_gs.in')), nve = read(join(prim, '02_nve/02_nve.in')), nvt = read(join(prim, '03_nvt/03_nvt.in')), cont = read(join(prim, '03_nvt/03_nvt_continue.in'));
    const ctl = (i: CpInput) => entries(i, 'control');
    expect([ctl(gs).restart_mode, ctl(nve).restart_mode, ctl(nvt).restart_mode, ctl(cont).restart_mode]).toEqual(['from_scratch', 'reset_counters', 'restart', 'restart']);
    expect([ctl(gs).ndw, ctl(nve).ndr]).toEqual([50, 50]);
    expect([ctl(nve).ndw, ctl(nvt).ndr]).toEqual([51, 51]);
    expect([ctl(nvt).ndw, ctl(cont).ndr, ctl(cont).ndw]).toEqual([52, 52, 52]);
    expect([ctl(gs).nstep, ctl(nve).nstep, ctl(nvt).nstep]).toEqual([200, 200, 3000]);
    for (const i of [nve, nvt, cont]) expect([ctl(i).isave, ctl(i).max_seconds, ctl(i).iprint]).toEqual([500, 7800, 10]);
    for (const i of [gs, nve, nvt, cont]) {
      expect(ctl(i).outdir).toBe('.');
      expect(ctl(i).pseudo_dir).toBe('../pseudo');
      expect(i.prefix).toBe('li2b12h12');
      expect(i.dt).toBe(6);
      expect(entries(i, 'system').ecutwfc).toBe(30);
      expect(entries(i, 'system').ecutrho).toBe(240);
      expect(entries(i, 'electrons').emass).toBe(400);
      expect(entries(i, 'electrons').emass_cutoff).toBe(2.5);
      for (const s of i.species) expect(existsSync(join(prim, '01_gs', '..', 'pseudo', s.pseudo))).toBe(true);
    }
    expect(entries(nve, 'ions').ion_velocities).toBe('random');
    expect(entries(nve, 'ions').ion_temperature).toBe('not_controlled');
    expect(entries(nvt, 'ions')).toMatchObject({ ion_temperature: 'nose', tempw: 800, nhpcl: 4, fnosep: [20, 20, 20, 20] });
  });

  it('the primitive structure is the shared run\'s (same atoms as a set, Li on the tetrahedral sites)', () => {
    const a = read(join(prim, '01_gs/01_gs.in')), b = read(join(shared.path, '01_gs.in'));
    const key = (i: CpInput, k: number) => `${i.atoms.labels[k]} ${Array.from(i.atoms.coordinates.slice(3 * k, 3 * k + 3), (x) => (Math.round(x * 1e5) / 1e5 + 0).toFixed(5)).join(' ')}`;
    const set = (i: CpInput) => Array.from({ length: i.nat }, (_, k) => key(i, k)).sort();
    expect(a.atoms.units).toBe('angstrom');
    expect(set(a)).toEqual(set(b));
    expect(a.atoms.labels.slice(24)).toEqual(['Li', 'Li']);
  });

  it('run.slurm chains the stages with srun cp.x, links restarts, states the cost, and is valid bash', () => {
    const s = readFileSync(join(prim, 'run.slurm'), 'utf8');
    expect(s).toMatch(/^#!\/bin\/bash\n#SBATCH --job-name=li2b12h12-800K\n#SBATCH --ntasks=64\n#SBATCH --time=24:00:00\n/);
    expect(s).toMatch(/srun "\$CPX" -in "\$2"/);
    for (const x of ['run 01_gs 01_gs.in', 'run 02_nve 02_nve.in', 'run 03_nvt 03_nvt.in', 'run 03_nvt 03_nvt_continue.in', 'link 01_gs 50 02_nve', 'link 02_nve 51 03_nvt']) expect(s).toContain(x);
    expect(s).toMatch(/≈ 9 s per CP step for 208 atoms on 2 cores/);
    expect(s).toMatch(/≈ 40 days on 2 cores/);
    expect(s).toContain('-lt 3200 ]'); // NVT done at nfi 200 + 3000
    const r = spawnSync('bash', ['-n', join(prim, 'run.slurm')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('run.slurm runs: stages chained through linked restarts, an interrupted NVT continued, finished stages skipped', () => {
    // Stand-ins: srun runs its command; "cp.x" reads nstep/ndr/ndw from the input, writes .evp
    // rows every 10 steps and its restart (with the last nfi), and stops NVT runs after 20
    // steps, as max_seconds would.
    const bin = join(dir, 'slurm-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'srun'), '#!/bin/sh\nexec "$@"\n');
    writeFileSync(join(bin, 'cp.x'), [
      '#!/bin/sh',
      'in=$2; get() { sed -n "s/^ *$1 = //p" "$in" | tr -d "\'"; }',
      'p=$(get prefix); mode=$(get restart_mode); ndr=$(get ndr); ndw=$(get ndw); n=$(get nstep)',
      'start=0',
      'if [ "$mode" != from_scratch ]; then [ -d "${p}_${ndr}.save" ] || { echo "no restart ${p}_${ndr}.save" > CRASH; exit 1; }; fi',
      'if [ "$mode" = restart ]; then start=$(cat "${p}_${ndr}.save/nfi"); fi',
      'if [ "$(get ion_temperature)" = nose ] && [ "$n" -gt 20 ]; then n=20; fi',
      'i=$start; end=$((start + n)); while [ $i -lt $end ]; do i=$((i + 1)); [ $((i % 10)) -eq 0 ] && echo "$i 0.0 0 0 800" >> "$p.evp"; done',
      'mkdir -p "${p}_${ndw}.save"; echo $end > "${p}_${ndw}.save/nfi"',
      'echo "$in" >> "$(dirname "$0")/calls"',
      'echo "MAIN: convergence achieved for system relaxation"; echo "ran $in from $start to $end"; echo "JOB DONE."',
    ].join('\n'));
    for (const f of ['srun', 'cp.x']) chmodSync(join(bin, f), 0o755);
    const run = join(dir, 'slurm-run');
    const q = cli(['qe-input', '--cation', 'Li', '--supercell', 'primitive', '--nve-nstep', '20', '--nstep', '30', '--pseudo-dir', PSEUDO, '--slurm-hours', '2', '--out', run]);
    expect(q.code, q.stderr).toBe(0);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, SLURM_SUBMIT_DIR: run };
    const r = spawnSync('bash', [join(run, 'run.slurm')], { encoding: 'utf8', env });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('NVT complete');
    const log = (f: string) => readFileSync(join(run, f), 'utf8');
    expect(log('01_gs/01_gs.out')).toContain('ran 01_gs.in from 0 to 500');
    expect(log('02_nve/02_nve.out')).toContain('ran 02_nve.in from 0 to 20');
    expect(log('03_nvt/03_nvt.out')).toContain('ran 03_nvt.in from 20 to 40');
    expect(log('03_nvt/03_nvt_continue.out')).toContain('ran 03_nvt_continue.in from 40 to 50');
    expect(log('03_nvt/li2b12h12.evp').trim().split('\n').map((l) => Number(l.split(' ')[0]))).toEqual([30, 40, 50]);
    expect(log('03_nvt/03_nvt_continue.in')).toMatch(/\n {2}nstep = 10\n/);
    // max_seconds = time left in the 2-h job minus 10 minutes, written before each run.
    const ms = Number(/max_seconds = ([\d.]+)/.exec(log('03_nvt/03_nvt.in'))![1]);
    expect(ms).toBeGreaterThan(6500);
    expect(ms).toBeLessThanOrEqual(6600);
    expect(spawnSync('readlink', [join(run, '03_nvt/li2b12h12_51.save')], { encoding: 'utf8' }).stdout.trim()).toBe('../02_nve/li2b12h12_51.save');
    const again = spawnSync('bash', [join(run, 'run.slurm')], { encoding: 'utf8', env });
    expect(again.stdout.trim()).toBe('NVT complete');
    expect(readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n')).toEqual(['01_gs.in', '02_nve.in', '03_nvt.in', '03_nvt_continue.in']);
  });

  it('the 208-atom paper cell: ibrav 0 with CELL_PARAMETERS, 8 anions, ekin_conv_thr scaled with nat', () => {
    const out = join(dir, 'paper');
    const r = cli(['qe-input', '--cation', 'Li', '--supercell', 'paper', '--seed', '3', '--pseudo-dir', PSEUDO, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.atoms).toBe(208);
    expect(j.stages.nvt.steps).toBe(344520);
    const text = readFileSync(join(out, '01_gs/01_gs.in'), 'utf8');
    const i = parseCpInput(text, 'gs');
    expect([i.ibrav, i.nat, i.ntyp]).toEqual([0, 208, 3]);
    expect(entries(i, 'control').ekin_conv_thr).toBeCloseTo(8e-5, 12);
    const rows = text.split('\n');
    const at = rows.indexOf('CELL_PARAMETERS angstrom');
    expect(at).toBeGreaterThan(0);
    const cell = rows.slice(at + 1, at + 4).map((l) => l.trim().split(/\s+/).map(Number));
    expect(cell).toEqual([[10.05, 10.05, 0], [-10.05, 10.05, 0], [0, 0, 10.05]]);
    expect(readFileSync(join(out, 'run.slurm'), 'utf8')).toMatch(/this run \(208 atoms, 344720 MD steps\) ≈ 35\.9 days on 2 cores/);
  });
});

describe('paddlewheel qe-input / simulate: errors before anything is written', () => {
  it('a missing pseudopotential names every missing file and writes nothing', () => {
    const empty = join(dir, 'no-pseudo');
    mkdirSync(empty);
    for (const cmd of [['qe-input'], ['simulate', '--engine', 'qe', '--cpx', '/bin/true']]) {
      const out = join(dir, `x-${cmd[0]}`);
      const r = cli([...cmd, '--cation', 'Li', '--supercell', 'primitive', '--pseudo-dir', empty, '--out', out]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/error E_IO: pseudopotential file\(s\) not found/);
      for (const f of ['B: B.pbe-n-rrkjus_psl.1.0.0.UPF', 'H: H.pbe-rrkjus_psl.0.1.UPF', 'Li: Li.pbe-s-rrkjus_psl.0.2.1.UPF']) expect(r.stderr).toContain(f);
      expect(existsSync(out)).toBe(false);
    }
    const na = cli(['qe-input', '--cation', 'Na', '--supercell', 'primitive', '--pseudo-dir', PSEUDO, '--out', join(dir, 'na')]);
    expect(na.code).toBe(1);
    expect(na.stderr).toContain('Na: Na.pbe-spn-rrkjus_psl.1.0.0.UPF');
    expect(na.stderr).not.toContain('Li.pbe');
    expect(existsSync(join(dir, 'na'))).toBe(false);
  });

  it.skipIf(!shared.available)('a missing engine gives E_ENGINE and writes nothing', () => {
    const out = join(dir, 'no-engine');
    const r1 = cli(['simulate', '--engine', 'qe', '--cation', 'Li', '--supercell', 'primitive', '--pseudo-dir', PSEUDO, '--cpx', join(dir, 'nowhere', 'cp.x'), '--out', out]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/error E_ENGINE: .*cp\.x .*not found/);
    const r2 = cli(['simulate', '--engine', 'qe', '--cation', 'Li', '--supercell', 'primitive', '--pseudo-dir', PSEUDO, '--out', out], { PATH: join(dir, 'empty-path') });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/error E_ENGINE: cp\.x \(Quantum ESPRESSO's Car–Parrinello program\) not found on PATH; install it/);
    expect(existsSync(out)).toBe(false);
  });

  it('bad usage exits 2: unknown engine, unknown stage, cation sites the primitive cell cannot take', () => {
    const cases: [string[], RegExp][] = [
      [['simulate', '--engine', 'gromacs', '--input-dir', dir], /--engine gromacs: expected qe .* or lammps/],
      [['simulate', '--engine', 'qe', '--stages', 'md', '--input-dir', dir], /--stages md/],
      [['qe-input', '--cation', 'Li', '--supercell', 'primitive', '--cation-sites', 'trigonal', '--out', join(dir, 'bad')], /tetrahedral sites/],
    ];
    for (const [args, re] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(re);
    }
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});

describe.skipIf(!shared.available)(`paddlewheel simulate with a stand-in cp.x (no engine needed) ${shared.reason}`, () => {
  // A shell script that behaves like cp.x: prints the step table, or fails with a CRASH file.
  const fake = (name: string, body: string) => {
    const p = join(dir, name);
    writeFileSync(p, `#!/bin/sh\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  };
  const table = 'echo "  nfi     ekinc              temph  tempp     etot"; for n in 1 2 3; do echo "      $n    0.1    0.0    0.00     -59.9   -59.9   -59.9   -59.8   0.0000   0.0000   0.0000   0.0000"; done';

  // Run folders written in-process (the CLI path of qe-input is covered above).
  const fresh = async (name: string) => {
    const out = join(dir, name);
    const prep = prepareQeRun({ cation: 'Li', supercell: 'primitive', pseudoDir: PSEUDO }, new DiagnosticLog());
    await writeQeRun(out, prep.structure, prep.settings, prep.pseudos, prep.slurm);
    return out;
  };

  it('surfaces cp.x\'s CRASH text and the log path', async () => {
    const run = await fresh('crash');
    const cpx = fake('crash.sh', `${table}\nprintf ' %%%%%%%%\\n Error in routine readpp (1):\\n file not found\\n %%%%%%%%\\n' > CRASH\nexit 1`);
    const r = cli(['simulate', '--engine', 'qe', '--input-dir', run, '--np', '1', '--cpx', cpx]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error E_ENGINE: cp\.x exited with status 1 in .*01_gs \(01_gs\.in\): CRASH: Error in routine readpp \(1\): \| file not found — full output in .*01_gs\/01_gs\.out/);
    expect(readFileSync(join(run, '01_gs/01_gs.out'), 'utf8')).toContain('nfi     ekinc');
  });

  it('stops after an unconverged ground state, and NVE refuses to start without it', async () => {
    const run = await fresh('unconverged');
    const cpx = fake('noconv.sh', `${table}\necho "   MAIN:          EKINC   (thr)          DETOT   (thr)       MAXFORCE   (thr)"\necho "   MAIN:   0.5D-02  0.1D-04  0.4D-03  0.1D-03  0.0D+00  0.1D+11"\nmkdir -p li2b12h12_50.save\necho "   JOB DONE."`);
    const r = cli(['simulate', '--engine', 'qe', '--input-dir', run, '--np', '1', '--cpx', cpx]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_ENGINE: the electronic ground state did not converge in 500 damped steps \(MAIN: {3}0\.5D-02/);
    expect(existsSync(join(run, '02_nve/02_nve.out'))).toBe(false);
    const nve = cli(['simulate', '--engine', 'qe', '--input-dir', run, '--stages', 'nve', '--np', '1', '--cpx', cpx]);
    expect(nve.code).toBe(1);
    expect(nve.stderr).toMatch(/the ground state did not converge/);
    const nvt = cli(['simulate', '--engine', 'qe', '--input-dir', await fresh('nothing-yet'), '--stages', 'nvt', '--np', '1', '--cpx', cpx]);
    expect(nvt.code).toBe(2);
    expect(nvt.stderr).toMatch(/li2b12h12_51\.save not found: run --stages nve first/);
  });
});
