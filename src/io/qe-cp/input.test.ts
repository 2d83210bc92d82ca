import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { sharedData } from '../../../test/helpers/data.js';
import { cpTopology, parseCpInput } from './input.js';

const run02b = sharedData('qe-cp-li2b12h12-prim-800K/run_02b.in');

const SMALL = `! a comment line
 &CONTROL
   calculation = "cp", prefix='x' ! trailing comment
   dt = 6.0D0, iprint = 10, tprnfor = .TRUE.
 /
&system
  ibrav = 1, celldm(1) = 10.0, nat = 3, ntyp = 2
  fnosep = 20.0 20.0, title2 = 'a / b'
/
ATOMIC_SPECIES
 Li1 6.94 Li.UPF
 ! comment inside a card
 H  2.014 H.UPF

ATOMIC_POSITIONS {bohr}
 Li1 0.0 0.0 0.0
 H   1.0 1.0 1.0 0 0 0
 Li1 2.0 2.0 2.0
K_POINTS gamma
`;

function parseError(text: string): ParseError {
  try {
    parseCpInput(text, 'x.in');
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('parseCpInput', () => {
  it.skipIf(!run02b.available)(`reads the study's cp.x input ${run02b.reason}`, () => {
    const inp = parseCpInput(readFileSync(run02b.path, 'utf8'), run02b.path);
    expect(inp.nat).toBe(26);
    expect(inp.ntyp).toBe(3);
    expect(inp.ibrav).toBe(2);
    expect(inp.celldm[0]).toBe(18.991748);
    expect(inp.prefix).toBe('lbh');
    expect(inp.outdir).toBe('./out');
    expect(inp.dt).toBe(6);
    expect(inp.iprint).toBe(10);
    expect(inp.species.map((s) => [s.label, s.mass, s.pseudo])).toEqual([
      ['Li', 6.94, 'Li.pbe-s-rrkjus_psl.0.2.1.UPF'],
      ['B', 10.811, 'B.pbe-n-rrkjus_psl.1.0.0.UPF'],
      ['H', 2.014, 'H.pbe-rrkjus_psl.0.1.UPF'],
    ]);
    expect(inp.atoms.units).toBe('angstrom');
    expect(inp.atoms.labels.join('')).toBe('B'.repeat(12) + 'H'.repeat(12) + 'LiLi');
    expect(Array.from(inp.atoms.coordinates.slice(75))).toEqual([7.5375, 7.5375, 7.5375]);
    expect(inp.namelists['ions']!.entries['fnosep']).toEqual([20, 20, 20, 20]);
    expect(inp.namelists['control']!.entries['tprnfor']).toBe(true);
    const top = cpTopology(inp);
    expect(top.symbols.slice(10, 14)).toEqual(['B', 'B', 'H', 'H']);
    expect(top.masses[12]).toBe(2.014); // H keeps the file's (deuterium) mass
    expect(top.masses[25]).toBe(6.94);
    expect(top.labels).toBeUndefined();
  });

  it('handles comments, quotes, D exponents, logicals, labelled species and other cards', () => {
    const inp = parseCpInput(SMALL, 'x.in');
    expect(inp.prefix).toBe('x');
    expect(inp.dt).toBe(6);
    expect(inp.namelists['control']!.entries['calculation']).toBe('cp');
    expect(inp.namelists['system']!.entries['title2']).toBe('a / b');
    expect(inp.namelists['system']!.entries['fnosep']).toEqual([20, 20]);
    expect(inp.atoms.units).toBe('bohr');
    expect(Array.from(inp.atoms.species)).toEqual([0, 1, 0]);
    const top = cpTopology(inp);
    expect(top.symbols).toEqual(['Li', 'H', 'Li']);
    expect(top.labels).toEqual(['Li1', 'H', 'Li1']);
    expect(Array.from(top.masses)).toEqual([6.94, 2.014, 6.94]);
  });

  it('rejects an ATOMIC_POSITIONS card whose atom count differs from nat, at the card line', () => {
    const e = parseError(SMALL.replace('nat = 3', 'nat = 4'));
    expect(e.code).toBe('E_PARSE');
    expect(e.line).toBe(15);
    expect(e.message).toMatch(/nat = 4 atom lines.*3 lines/);
  });

  it('rejects an atom whose label is not a declared species', () => {
    const e = parseError(SMALL.replace(' H   1.0 1.0 1.0', ' Na  1.0 1.0 1.0'));
    expect([e.code, e.line]).toEqual(['E_PARSE', 17]);
    expect(e.message).toContain('Li1, H');
  });

  it('rejects a species label that names no element, and a non-numeric mass', () => {
    const a = parseError(SMALL.replace('Li1 6.94 Li.UPF', 'Qq 6.94 Li.UPF'));
    expect([a.code, a.line]).toEqual(['E_PARSE', 11]);
    const b = parseError(SMALL.replace('H  2.014 H.UPF', 'H  heavy H.UPF'));
    expect([b.code, b.line, b.column]).toEqual(['E_PARSE', 13, 5]);
  });

  it('rejects a namelist without its closing slash and an entry without "="', () => {
    const a = parseError('&system\n nat = 1, ntyp = 1, ibrav = 1\nATOMIC_SPECIES\n');
    expect([a.code, a.line]).toEqual(['E_PARSE', 1]);
    const b = parseError('&system\n nat 1\n/\n');
    expect([b.code, b.line]).toEqual(['E_PARSE', 2]);
  });

  it('requires &system with nat, ntyp and ibrav', () => {
    expect(parseError('&control\n/\n').message).toContain('&system');
    expect(parseError(SMALL.replace('ntyp = 2', 'ntyp = two')).message).toMatch(/ntyp in &system/);
  });
});
