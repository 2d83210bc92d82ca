import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../../core/errors.js';
import { ROOT } from '../../../test/helpers/data.js';
import { loadModel, pairTerm, parseModel } from './model.js';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'lammps', 'illustrative-li-model.json');
const valid = () => JSON.parse(readFileSync(FIXTURE, 'utf8'));

function failure(data: unknown): ParseError {
  try {
    parseModel(data, 'm.json');
  } catch (e) {
    return e as ParseError;
  }
  throw new Error('expected parseModel to throw');
}

describe('model file', () => {
  it('reads the illustrative fixture; pairs are unordered, unlisted pairs are zero, C defaults to 0', async () => {
    const m = await loadModel(FIXTURE);
    expect(m.charges).toEqual({ Li: 0.66, B: -0.01, H: -0.1 });
    expect(pairTerm(m, 'H', 'Li')).toEqual({ A: 1000, rho: 0.2, C: 0, listed: true });
    expect(pairTerm(m, 'B', 'B')).toEqual({ A: 0, rho: 1, C: 0, listed: false });
    const d = valid();
    delete d.pairs[0].C;
    expect(parseModel(d).pairs[0]!.C).toBe(0);
  });

  it.each([
    ['pairs[0].rho', (d: any) => { d.pairs[0].rho = 0; }],
    ['pairs[2].A', (d: any) => { d.pairs[2].A = 'big'; }],
    ['units', (d: any) => { d.units = 'real'; }],
    ['cutoff', (d: any) => { delete d.cutoff; }],
    ['kspace.accuracy', (d: any) => { d.kspace.accuracy = 0.5; }],
    ['charges.Xx', (d: any) => { d.charges.Xx = 1; }],
    ['pairs[0].b', (d: any) => { d.pairs[0].b = 'Na'; }],
    ['pairs[1]: pair H-Li listed twice', (d: any) => { d.pairs[1].b = 'H'; }],
    ['intra: flexible anions need intra', (d: any) => { d.anions = 'flexible'; }],
  ])('names the field: %s', (field, spoil) => {
    const d = valid();
    spoil(d);
    const e = failure(d);
    expect(e.code).toBe('E_PARSE');
    expect(e.file).toBe('m.json');
    expect(e.message).toContain(field);
  });

  it('not JSON → E_PARSE with the file; unreadable → E_IO', async () => {
    await expect(loadModel(join(ROOT, 'package.json', 'nope'))).rejects.toMatchObject({ code: 'E_IO' });
    await expect(loadModel(join(ROOT, 'README.md'))).rejects.toMatchObject({ code: 'E_PARSE' });
  });
});
