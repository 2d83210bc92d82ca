import { describe, expect, it } from 'vitest';
import { ParseError } from '../../core/errors.js';
import { entryBooleans, entryNumbers, parseComment } from './comment.js';
import { layoutFromProperties, parseProperties } from './layout.js';

const loc = { file: 'x.extxyz', line: 2 };

function thrown(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('parseComment', () => {
  it('reads quoted values with spaces, bare keys and case-insensitive keys', () => {
    const kv = parseComment(`LATTICE="1 0 0 0 2 0 0 0 3" Properties=species:S:1:pos:R:3 note='a b  c' tag={x y} flag energy = -1.5 src="say \\"hi\\""`, loc);
    expect(kv.get('lattice')?.value).toBe('1 0 0 0 2 0 0 0 3');
    expect(kv.get('lattice')?.key).toBe('LATTICE');
    expect(kv.get('properties')?.value).toBe('species:S:1:pos:R:3');
    expect(kv.get('note')?.value).toBe('a b  c');
    expect(kv.get('tag')?.value).toBe('x y');
    expect(kv.get('flag')?.value).toBe('T');
    expect(kv.get('energy')?.value).toBe('-1.5');
    expect(kv.get('src')?.value).toBe('say "hi"');
    expect(kv.get('lattice')?.column).toBe(9); // the opening quote
  });

  it('rejects an unterminated quote at its column', () => {
    const e = thrown(() => parseComment('pbc="T T T" Lattice="1 0 0', loc));
    expect(e.code).toBe('E_PARSE');
    expect(e.line).toBe(2);
    expect(e.column).toBe(21);
  });

  it('parses numbers and booleans of a value, with errors at the value column', () => {
    const kv = parseComment('stress="1,2,3 4 5 6" pbc="T F True" bad="1 x 3"', loc);
    expect(entryNumbers(kv.get('stress')!, loc, 'stress', [6, 9])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entryBooleans(kv.get('pbc')!, loc, 'pbc')).toEqual([true, false, true]);
    const e = thrown(() => entryNumbers(kv.get('bad')!, loc, 'bad'));
    expect(e.column).toBe(parseComment('stress="1,2,3 4 5 6" pbc="T F True" bad="1 x 3"', loc).get('bad')!.column);
    expect(e.found).toBe('x');
    expect(thrown(() => entryNumbers(kv.get('stress')!, loc, 'Lattice', [9])).expected).toContain('9 numbers');
  });
});

describe('Properties', () => {
  it('gives each column its first field', () => {
    const cols = parseProperties('species:S:1:pos:R:3:tags:I:1:forces:R:3', loc, 30);
    expect(cols.map((c) => [c.name, c.field])).toEqual([['species', 0], ['pos', 1], ['tags', 4], ['forces', 5]]);
  });

  it('joins numeric columns into one run and splits at string or logical columns', () => {
    const one = layoutFromProperties('species:S:1:pos:R:3:tags:I:1:velo:R:3:forces:R:3', loc, 1);
    expect(one.runs).toEqual([{ field: 1, count: 10, offset: 0 }]);
    expect([one.posOffset, one.velOffset, one.forceOffset]).toEqual([0, 4, 7]);
    expect(one.velocityKind).toBe('a-per-fs');
    const two = layoutFromProperties('species:S:1:pos:R:3:name:S:1:fixed:L:1:momenta:R:3', loc, 1);
    expect(two.runs).toEqual([{ field: 1, count: 3, offset: 0 }, { field: 6, count: 3, offset: 3 }]);
    expect(two.velocityKind).toBe('ase-momenta');
    expect(two.velOffset).toBe(3);
  });

  it('rejects malformed specs with the comment column', () => {
    expect(thrown(() => parseProperties('species:S:1:pos:R', loc, 12)).column).toBe(12);
    expect(thrown(() => parseProperties('species:S:1:pos:X:3', loc, 12)).found).toBe('X');
    expect(thrown(() => parseProperties('species:S:1:pos:R:0', loc, 12)).found).toBe('0');
    expect(thrown(() => layoutFromProperties('species:S:1:forces:R:3', loc, 12)).expected).toContain('pos:R:3');
    expect(thrown(() => layoutFromProperties('species:S:1:pos:R:2', loc, 12)).found).toBe('pos:R:2');
    expect(thrown(() => layoutFromProperties('pos:R:3', loc, 12)).expected).toContain('species');
  });
});
