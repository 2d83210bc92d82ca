import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/core/frame.js';
import { openTrajectory } from '../../src/io/open.js';
import { parsePwOutput } from '../../src/sim/qe/pw-output.js';
import { ROOT } from '../helpers/data.js';
import { cli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-dft-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIX = join(ROOT, 'test', 'fixtures', 'qe-pw');
const OK = join(FIX, 'li2h2-scf.out');
const NC = join(FIX, 'li2h2-not-converged.out');

// The fixture's structure as a trajectory; empty pseudopotential files (the fake engine never reads them).
const traj = join(dir, 'li2h2.extxyz');
writeFileSync(traj, '4\nLattice="4.1 0.05 0 0.05 3.95 0.12 0 0.12 4" Properties=species:S:1:pos:R:3 pbc="T T T"\nLi 0.1 0.05 -0.03\nLi 2.05 2.1 0.02\nH 1.82 0.21 1.75\nH 0.05 1.92 2.2\n');
const pseudo = join(dir, 'pseudo');
mkdirSync(pseudo);
for (const f of ['Li.pbe-s-rrkjus_psl.0.2.1.UPF', 'H.pbe-rrkjus_psl.0.1.UPF']) writeFileSync(join(pseudo, f), '');
// A stand-in for pw.x: logs where it ran and prints the output named by $FAKE_OUT.
const calls = join(dir, 'calls.log');
const fake = join(dir, 'fake-pw.sh');
writeFileSync(fake, `#!/bin/sh\n[ "$FAKE_KILL" = 1 ] && kill -9 $$\npwd >> ${calls}\ncat "$FAKE_OUT"\n`);
chmodSync(fake, 0o755);
const callCount = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n').length : 0);

async function readAll(path: string): Promise<Frame[]> {
  const t = await openTrajectory([path]);
  const out: Frame[] = [];
  for await (const f of t.frames()) out.push(f);
  return out;
}

describe('paddlewheel dft-points (CLI, fake engine)', () => {
  const work = join(dir, 'w');
  const out = join(dir, 'points.extxyz.gz');
  const base = ['dft-points', '--from', traj, '--strain', '0.01', '--seed', '3', '--pseudo-dir', pseudo, '--np', '1', '--pw', fake, '--work', work, '--out', out];

  it('runs pending points, collects energy/forces/stress; a finished point is never rerun; a failed SCF is excluded and reported', async () => {
    const a = cli([...base, '--copies', '2', '--json'], { FAKE_OUT: OK });
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const ja = JSON.parse(a.stdout);
    expect(ja.points).toEqual({ total: 2, done: 2, failed: 0, pending: 0 });
    expect(ja.ran.map((r: { name: string }) => r.name)).toEqual(['p0000', 'p0001']);
    expect(callCount()).toBe(2);

    const frames = await readAll(out);
    const ref = parsePwOutput(readFileSync(OK, 'utf8'), OK);
    expect(frames).toHaveLength(2);
    expect(frames[0]!.energy).toBe(ref.energy);
    expect(Array.from(frames[1]!.forces!)).toEqual(Array.from(ref.forces!));
    for (let k = 0; k < 9; k++) expect(frames[0]!.stress![k]).toBeCloseTo(ref.stress![k]!, 15);
    expect(frames[0]!.stress![0]).toBeLessThan(0); // pw.x prints +0.00057328 Ry/bohr³: ASE sign flips it
    // Strained copies: each its own cell, positions as written into pw.in.
    const pwIn = readFileSync(join(work, 'p0001', 'pw.in'), 'utf8');
    expect(pwIn).toContain(frames[1]!.cell.matrix[0]!.toFixed(10));
    expect(frames[0]!.cell.matrix[0]).not.toBe(frames[1]!.cell.matrix[0]);
    const text = (await import('node:zlib')).gunzipSync(readFileSync(out)).toString();
    expect(text).toMatch(/config=p0000 scf_iterations=12/);

    const b = cli([...base, '--copies', '2'], { FAKE_OUT: OK });
    expect(b.code).toBe(0);
    expect(callCount()).toBe(2);
    expect(b.stdout).toMatch(/2 finished points \(of 2: 0 failed, 0 pending\)/);

    const c = cli([...base, '--copies', '3', '--json'], { FAKE_OUT: NC });
    expect(c.code).toBe(0);
    const jc = JSON.parse(c.stdout);
    expect(callCount()).toBe(3);
    expect(jc.points).toEqual({ total: 3, done: 2, failed: 1, pending: 0 });
    expect(jc.failed[0].name).toBe('p0002');
    expect(jc.failed[0].message).toMatch(/convergence NOT achieved after\s+3 iterations/);
    expect(jc.diagnostics.some((d: { code: string }) => d.code === 'W_PW_FAILED')).toBe(true);
    expect(await readAll(out)).toHaveLength(2);

    const again = cli([...base, '--copies', '3'], { FAKE_OUT: OK });
    expect(again.code).toBe(0);
    expect(callCount()).toBe(3); // failed points are final too

    const other = cli([...base.map((x) => (x === '3' ? '4' : x)), '--copies', '1'], { FAKE_OUT: OK });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/p0000: prepared with another structure or settings/);

    rmSync(out);
    const col = cli(['dft-points', '--collect', '--work', work, '--out', out]);
    expect(col.code).toBe(0);
    expect(await readAll(out)).toHaveLength(2);
  });

  it('a killed engine leaves the point pending and no combined file', () => {
    const w = join(dir, 'killed'), o = join(dir, 'killed.extxyz');
    const r = cli(['dft-points', '--from', traj, '--pseudo-dir', pseudo, '--np', '1', '--pw', fake, '--work', w, '--out', o], { FAKE_OUT: OK, FAKE_KILL: '1' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/p0000: pw.x was stopped \(SIGKILL\); run the same command again to resume/);
    expect(existsSync(join(w, 'p0000', 'pw.out'))).toBe(false);
    expect(existsSync(o)).toBe(false);
    const again = cli(['dft-points', '--from', traj, '--pseudo-dir', pseudo, '--np', '1', '--pw', fake, '--work', w, '--out', o], { FAKE_OUT: OK });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/1 finished points/);
  });

  it('missing engine, missing pseudopotential or a non-neutral cell: clear error, nothing written', () => {
    const w = join(dir, 'never');
    const e = cli(['dft-points', '--from', traj, '--pseudo-dir', pseudo, '--pw', '/nonexistent/pw.x', '--work', w]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/E_IO: engine not found: \/nonexistent\/pw.x/);
    const only = join(dir, 'only-li');
    mkdirSync(only);
    writeFileSync(join(only, 'Li.pbe-s-rrkjus_psl.0.2.1.UPF'), '');
    const p = cli(['dft-points', '--from', traj, '--pseudo-dir', only, '--pw', fake, '--work', w]);
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/missing pseudopotential in .*only-li: H \(H\.pbe-rrkjus_psl\.0\.1\.UPF not found\)/);
    const lih2 = join(dir, 'lih2.extxyz');
    writeFileSync(lih2, '3\nLattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3 pbc="T T T"\nLi 0 0 0\nH 2 0 0\nH 0 2 0\n');
    const s = cli(['dft-points', '--from', lih2, '--pseudo-dir', pseudo, '--pw', fake, '--work', w]);
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/E_TOPOLOGY: p0000: Li1H2 is not neutral \(nominal charge -1 e/);
    expect(existsSync(w)).toBe(false);
  });

  it('--slurm writes one input per point and an array script (no engine needed)', () => {
    const w = join(dir, 'slurm');
    const r = cli(['dft-points', '--build', '--cation', 'Li', '--supercell', '1x1x1', '--count', '2', '--rattle', '0.04', '--pseudo-dir', pseudo.replace('pseudo', 'pseudo-b'), '--work', w, '--slurm', '--pw', '/nonexistent/pw.x'].map((x) => x), {});
    // B is missing from the Li/H folder: nothing written.
    expect(r.code).toBe(1);
    const pb = join(dir, 'pseudo-b');
    mkdirSync(pb);
    for (const f of ['Li.pbe-s-rrkjus_psl.0.2.1.UPF', 'H.pbe-rrkjus_psl.0.1.UPF', 'B.pbe-n-rrkjus_psl.1.0.0.UPF']) writeFileSync(join(pb, f), '');
    const ok = cli(['dft-points', '--build', '--cation', 'Li', '--supercell', '1x1x1', '--count', '2', '--rattle', '0.04', '--pseudo-dir', pb, '--work', w, '--slurm', '--pw', '/opt/qe/bin/pw.x', '--np', '4']);
    expect(ok.stderr).toMatch(/sbatch pw-array.slurm/);
    expect(ok.code).toBe(0);
    expect(readFileSync(join(w, 'points.txt'), 'utf8')).toBe('p0000\np0001\n');
    const script = readFileSync(join(w, 'pw-array.slurm'), 'utf8');
    expect(script).toMatch(/#SBATCH --array=1-2\n#SBATCH --ntasks=4\n/);
    expect(script).toContain('srun /opt/qe/bin/pw.x -in pw.in > pw.out.partial');
    expect(spawnSync('bash', ['-n', join(w, 'pw-array.slurm')]).status).toBe(0);
    expect(readFileSync(join(w, 'p0001', 'pw.in'), 'utf8')).toMatch(/nat=104, ntyp=3, ecutwfc=30.0, ecutrho=240.0/);
  });
});
