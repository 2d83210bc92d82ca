import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellParameters } from '../../core/cell.js';
import { parseCpInput } from '../../io/qe-cp/input.js';
import { cpStageInput, ekinConvThr } from './inputs.js';
import { primitiveStructure } from './primitive.js';
import { CP_STEP_PS, stepsForPs } from './protocol.js';
import { parsePseudoMap, resolvePseudopotentials } from './pseudo.js';

const settings = { prefix: 'na', temperature: 650, gsSteps: 300, nveSteps: 100, nvtSteps: 1000, isave: 250, maxSeconds: 3600, pseudoDir: '../pseudo', pseudopotentials: { Na: 'Na.UPF' } };
const tmp = mkdtempSync(join(tmpdir(), 'pw-qe-inputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cp.x stage inputs', () => {
  it('bcc primitive cell (ibrav 3): parses back with the protocol values and the given run settings', () => {
    const s = primitiveStructure('Na', 'bcc', 7.98);
    const p = cellParameters(s.cell);
    expect(p.volume).toBeCloseTo(7.98 ** 3 / 2, 9);
    expect([p.alpha, p.beta, p.gamma].map((x) => x.toFixed(4))).toEqual(['70.5288', '109.4712', '70.5288']); // QE's ibrav 3 vectors
    const i = parseCpInput(cpStageInput('nvt', s, settings), 'nvt.in');
    expect([i.ibrav, i.nat, i.ntyp, i.celldm[0]]).toEqual([3, 26, 3, 15.080014]);
    expect(i.species.map((x) => [x.label, x.mass, x.pseudo])).toEqual([['B', 10.81, 'B.UPF'], ['H', 2.014, 'H.UPF'], ['Na', 22.99, 'Na.UPF']]);
    expect(i.namelists['control']!.entries).toMatchObject({ restart_mode: 'restart', nstep: 1000, isave: 250, max_seconds: 3600, ndr: 51, ndw: 52, dt: 6, prefix: 'na' });
    expect(i.namelists['ions']!.entries).toMatchObject({ tempw: 650, ion_temperature: 'nose', fnosep: [20, 20, 20, 20], nhpcl: 4 });
    expect(Array.from(i.atoms.coordinates.slice(72))).toEqual([3.99, 1.995, 0, 0, 3.99, 1.995]);
  });

  it('writes reals with a decimal point and D exponents, as Fortran namelists read them', () => {
    const text = cpStageInput('gs', primitiveStructure('Li', 'fcc', 10.05), { ...settings, pseudopotentials: {} });
    expect(text).toContain('  dt = 6.0\n');
    expect(text).toContain('  ecutwfc = 30.0\n');
    expect(text).toContain('  nr1b = 20\n');
    expect(text).toContain("  electron_dynamics = 'damp'\n");
    expect(text).not.toContain('CELL_PARAMETERS');
  });

  it('ekin_conv_thr scales with nat above 26 atoms; NVT steps per ps', () => {
    expect([ekinConvThr(26), ekinConvThr(104), ekinConvThr(208)]).toEqual([1e-5, 4e-5, 8e-5]);
    expect(stepsForPs(50)).toBe(344511);
    expect(CP_STEP_PS).toBeCloseTo(1.4513306e-4, 10);
  });
});

describe('pseudopotentials', () => {
  it('finds each file in the first folder that has it, and names every missing one', () => {
    const a = join(tmp, 'a'), b = join(tmp, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(b, 'B.pbe-n-rrkjus_psl.1.0.0.UPF'), 'x');
    writeFileSync(join(a, 'my-H.UPF'), 'x');
    const got = resolvePseudopotentials(['B', 'H'], { H: 'my-H.UPF' }, [a, b]);
    expect(got).toEqual([{ element: 'B', file: 'B.pbe-n-rrkjus_psl.1.0.0.UPF', path: join(b, 'B.pbe-n-rrkjus_psl.1.0.0.UPF') }, { element: 'H', file: 'my-H.UPF', path: join(a, 'my-H.UPF') }]);
    expect(() => resolvePseudopotentials(['B', 'Li', 'K'], {}, [a])).toThrow(/Li: Li\.pbe-s-rrkjus_psl\.0\.2\.1\.UPF; K: K\.pbe-spn-rrkjus_psl\.1\.0\.0\.UPF/);
    expect(() => resolvePseudopotentials(['Ag'], {}, [a])).toThrow(/no default pseudopotential for Ag/);
  });

  it('--pseudo parses ELEMENT=FILE pairs and rejects paths and junk', () => {
    expect(parsePseudoMap('li=Li.UPF, B=B.x.UPF')).toEqual({ Li: 'Li.UPF', B: 'B.x.UPF' });
    expect(() => parsePseudoMap('Li=/abs/Li.UPF')).toThrow(/not a path/);
    expect(() => parsePseudoMap('Li:Li.UPF')).toThrow(/ELEMENT=FILE/);
  });
});
