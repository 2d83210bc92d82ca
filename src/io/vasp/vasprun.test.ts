import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCell } from '../../core/cell.js';
import type { Frame } from '../../core/frame.js';
import { topologyFromSymbols } from '../../core/topology.js';
import { KB_EV } from '../../core/units.js';
import { detectFormat, openTrajectory } from '../open.js';
import { errorOf, readAll, rng, Scratch } from './test-util.js';
import { KBAR_TO_EV_PER_A3, sniffVasprun, vasprunReader, type VasprunFile } from './vasprun.js';
import { writeVasprun } from './vasprun-writer.js';

const tmp = new Scratch();
afterAll(() => tmp.dispose());

// A 2-atom vasprun.xml laid out exactly as VASP 6 writes one (trimmed to what the reader uses).
const LITERAL = `<?xml version="1.0" encoding="ISO-8859-1"?>
<modeling>
 <generator>
  <i name="version" type="string">6.3.2  </i>
 </generator>
 <incar>
  <i type="int" name="IBRION">     0</i>
  <i name="POTIM">      3.00000000</i>
  <i name="TEBEG">   2000.00000000</i>
 </incar>
 <parameters>
  <separator name="ionic md" >
   <i name="TEBEG">   2000.00000000</i>
   <i type="int" name="NBLOCK">     5</i>
  </separator>
 </parameters>
 <atominfo>
  <atoms>       2 </atoms>
  <array name="atoms" >
   <set>
    <rc><c>Si</c><c>   1</c></rc>
    <rc><c>O </c><c>   2</c></rc>
   </set>
  </array>
  <array name="atomtypes" >
   <set>
    <rc><c>   1</c><c>Si</c><c>     28.08500000</c><c>      4.00000000</c><c>  PAW_PBE Si 05Jan2001                  </c></rc>
    <rc><c>   1</c><c>O</c><c>     16.00000000</c><c>      6.00000000</c><c>  PAW_PBE O 08Apr2002                  </c></rc>
   </set>
  </array>
 </atominfo>
 <calculation>
  <scstep>
   <energy>
    <i name="e_fr_energy">   -337.48547755 </i>
   </energy>
  </scstep>
  <structure>
   <crystal>
    <varray name="basis" >
     <v>      10.00000000       0.00000000       0.00000000 </v>
     <v>       0.00000000      10.00000000       0.00000000 </v>
     <v>       1.00000000       0.00000000      10.00000000 </v>
    </varray>
    <i name="volume">   1000.00000000 </i>
   </crystal>
   <varray name="positions" >
    <v>       0.10000000       0.20000000       0.30000000 </v>
    <v>       0.50000000       0.50000000       0.50000000 </v>
   </varray>
  </structure>
  <varray name="forces" >
   <v>       0.18623219      -0.39618464      -0.48967203 </v>
   <v>      -0.18623219       0.39618464       0.48967203 </v>
  </varray>
  <varray name="stress" >
   <v>      28.19727372      -0.00087211      -0.00277476 </v>
   <v>      -0.00087168      28.19762337      -0.00008452 </v>
   <v>      -0.00277469      -0.00008464      28.19731913 </v>
  </varray>
  <energy>
   <i name="e_fr_energy">   -338.31623099 </i>
   <i name="e_wo_entrp">   -338.31622980 </i>
   <i name="e_0_energy">   -338.31623040 </i>
   <i name="kinetic">      0.25852180 </i>
  </energy>
  <time name="totalsc">   12.07   12.68</time>
 </calculation>
</modeling>
`;

describe('vasprun.xml as VASP writes it', () => {
  it('reads positions, cell, forces, stress (kBar → eV/Å³, sign flipped), energy, temperature, POTIM', async () => {
    const { file, frames, log } = await readAll(vasprunReader, tmp.file('vasprun.xml', LITERAL));
    const vf = file as VasprunFile;
    expect(file.topology.symbols).toEqual(['Si', 'O']);
    expect(Array.from(file.topology.masses)).toEqual([28.085, 16]);
    expect(file.frameSpacing).toBeCloseTo(0.003, 15); // POTIM 3 fs; NBLOCK = 5 does not thin vasprun.xml
    expect(vf.thermostat).toEqual({ tebeg: 2000, teend: 2000 });
    expect(vf.version).toBe('6.3.2');
    expect(frames).toHaveLength(1);
    const f = frames[0]!;
    expect(f.step).toBe(1);
    // r = f·M with rows a = (10,0,0), b = (0,10,0), c = (1,0,10)
    [1.3, 2, 3, 5.5, 5, 5].forEach((x, i) => expect(f.positions[i]).toBeCloseTo(x, 13));
    expect(Array.from(f.forces!)).toEqual([0.18623219, -0.39618464, -0.48967203, -0.18623219, 0.39618464, 0.48967203]);
    expect(f.stress![0]).toBeCloseTo(-28.19727372 * 6.241509074460763e-4, 15);
    expect(f.stress![0]).toBeCloseTo(-0.0175993, 6);
    expect(f.stress![1]).toBeCloseTo(0.00087211 * KBAR_TO_EV_PER_A3, 15);
    expect(f.energy).toBe(-338.31623099);
    expect(f.temperature).toBeCloseTo((2 * 0.2585218) / (3 * KB_EV), 9); // 3N − 3 = 3 degrees of freedom
    const codes = log.toArray().map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['I_VASPRUN_ENERGY', 'I_VASPRUN_TEMPERATURE', 'I_VASPRUN_THERMOSTAT']));
    expect(log.toArray().find((d) => d.code === 'I_VASPRUN_ENERGY')!.message).toMatch(/e_fr_energy/);
  });

  it('gzip and format detection by content and by name', async () => {
    const p = tmp.file('run.xml.gz');
    writeFileSync(p, gzipSync(LITERAL));
    expect((await detectFormat(p)).id).toBe('vasprun');
    const { frames } = await readAll(vasprunReader, p);
    expect(frames).toHaveLength(1);
    expect(sniffVasprun('vasprun.xml', LITERAL)).toBe(1);
    expect(sniffVasprun('vasprun_md.xml', '')).toBeGreaterThanOrEqual(0.5);
    expect(sniffVasprun('data.xml', '<?xml version="1.0"?>\n<root/>')).toBe(0);
  });
});

const topo = topologyFromSymbols(['Li', 'Li', 'B', 'H', 'Li']);
function mdFrames(count: number, seed = 3): Frame[] {
  const rand = rng(seed);
  return Array.from({ length: count }, (_, k) => {
    const a = 8 + rand();
    return {
      index: k,
      segment: 0,
      cell: makeCell([a, 0, 0, 0.3, a + 0.2, 0, -0.2, 0.1, a - 0.3]),
      positions: Float64Array.from({ length: 15 }, () => rand() * 9),
      forces: Float64Array.from({ length: 15 }, () => rand() - 0.5),
      stress: Float64Array.from({ length: 9 }, () => (rand() - 0.5) * 0.01),
      energy: -100 - rand(),
      temperature: 700 + 100 * rand(),
    };
  });
}

describe('vasprun.xml round trips (writeVasprun → vasprunReader)', () => {
  it('variable cell, forces, stress, energies, temperatures, steps survive', async () => {
    const fs = mdFrames(4);
    const p = tmp.file('rt_vasprun.xml');
    await writeVasprun(fs, topo, p, { potim: 1.5, nblock: 10, decimals: 13, tebeg: 800, teend: 600 });
    const { file, frames, log } = await readAll(vasprunReader, p);
    expect(file.topology.symbols).toEqual(topo.symbols);
    expect(file.frameSpacing).toBeCloseTo(0.0015, 15);
    expect((file as VasprunFile).thermostat).toEqual({ tebeg: 800, teend: 600 });
    expect(frames.map((f) => f.step)).toEqual([1, 2, 3, 4]);
    fs.forEach((want, k) => {
      const got = frames[k]!;
      for (let i = 0; i < 9; i++) expect(got.cell.matrix[i]).toBeCloseTo(want.cell.matrix[i]!, 12);
      for (let i = 0; i < 15; i++) {
        expect(got.positions[i]).toBeCloseTo(want.positions[i]!, 9);
        expect(got.forces![i]).toBeCloseTo(want.forces![i]!, 12);
      }
      for (let i = 0; i < 9; i++) expect(got.stress![i]).toBeCloseTo(want.stress![i]!, 12);
      expect(got.energy).toBeCloseTo(want.energy!, 12);
      expect(got.temperature).toBeCloseTo(want.temperature!, 8);
    });
    expect(log.toArray().map((d) => d.code)).not.toContain('W_TRUNCATED_FRAME');
    expect(readFileSync(p, 'utf8')).toContain('name="NBLOCK">    10');
  });

  it('opens through openTrajectory: format detected, spacing from the file, --dt ignored with a warning', async () => {
    const p = tmp.file('ot_vasprun.xml');
    await writeVasprun(mdFrames(3), topo, p, { potim: 0.5 });
    const t = await openTrajectory([p], { dt: 2 });
    expect(t.format).toBe('vasprun');
    expect(t.frameSpacingSource).toBe('file');
    const times: number[] = [];
    for await (const f of t.frames()) times.push(f.time!);
    expect(times).toEqual([0, 0.0005, 0.001]);
    expect(t.diagnostics.toArray().map((d) => d.code)).toContain('W_DT_IGNORED');
  });

  it('energy falls back to e_wo_entrp and says so', async () => {
    const p = tmp.file('wo_vasprun.xml');
    const fs = mdFrames(2);
    await writeVasprun(fs, topo, p, { energyKinds: ['e_wo_entrp'] });
    const { frames, log } = await readAll(vasprunReader, p);
    expect(frames[1]!.energy).toBeCloseTo(fs[1]!.energy! - 0.001, 8);
    expect(log.toArray().find((d) => d.code === 'I_VASPRUN_ENERGY')!.message).toMatch(/e_wo_entrp/);
  });

  it.each([
    ['6.4.3', 'run', 10, 0.02],
    ['6.4.2', 'run', 1, 0.002],
    ['6.4.3', 'train', 1, 0.002],
  ])('ML_OUTBLOCK = 10, VASP %s, ML_MODE %s → stride %i', async (version, mode, stride, spacing) => {
    const p = tmp.file(`ml_${version}_${mode}_vasprun.xml`);
    await writeVasprun(mdFrames(2), topo, p, { version, extraTags: { ML_MODE: mode, ML_OUTBLOCK: 10 } });
    const { file, frames } = await readAll(vasprunReader, p);
    expect((file as VasprunFile).stride).toBe(stride);
    expect(file.frameSpacing).toBeCloseTo(spacing, 15);
    expect(frames.map((f) => f.step)).toEqual([stride, 2 * stride]);
  });

  it('a relaxation (IBRION = 2) has no frame spacing', async () => {
    const p = tmp.file('relax_vasprun.xml');
    await writeVasprun(mdFrames(2), topo, p, { ibrion: 2 });
    const { file, frames, log } = await readAll(vasprunReader, p);
    expect(file.frameSpacing).toBeUndefined();
    expect(frames).toHaveLength(2);
    expect(log.toArray().map((d) => d.code)).toContain('I_VASPRUN_NOT_MD');
  });
});

describe('vasprun.xml truncation and errors', () => {
  it('a <calculation> cut short is dropped with W_TRUNCATED_FRAME at its first line', async () => {
    const p = tmp.file('cut_vasprun.xml');
    await writeVasprun(mdFrames(3), topo, p, { truncateLastCalculationAt: 900 });
    const { frames, log } = await readAll(vasprunReader, p);
    expect(frames).toHaveLength(2);
    const w = log.toArray().find((d) => d.code === 'W_TRUNCATED_FRAME')!;
    const lines = readFileSync(p, 'utf8').split('\n');
    expect(lines[w.line! - 1]).toBe(' <calculation>');
    expect(lines.slice(w.line!).some((l) => l.includes('<calculation>'))).toBe(false);
  });

  it('a run still going (no </modeling>) keeps every step, with an info', async () => {
    const p = tmp.file('open_vasprun.xml');
    await writeVasprun(mdFrames(3), topo, p, { unfinished: true });
    const { frames, log } = await readAll(vasprunReader, p);
    expect(frames).toHaveLength(3);
    expect(log.toArray().map((d) => d.code)).toContain('I_VASPRUN_UNFINISHED');
  });

  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  it.each([
    ['non-numeric force', (t: string) => t.replace('<v>       0.18623219      -0.39618464', '<v>       0.18623219      -0.3961x464'), '-0.3961x464', 'E_PARSE'],
    ['a missing position row', (t: string) => t.replace('    <v>       0.50000000       0.50000000       0.50000000 </v>\n', ''), '   </varray>\n  </structure>', 'E_PARSE'],
    ['an extra stress row', (t: string) => t.replace('  <varray name="stress" >\n', '  <varray name="stress" >\n   <v> 1 2 3 </v>\n'), '-0.00277469', 'E_PARSE'],
    ['an unknown element', (t: string) => t.replace('<rc><c>O </c>', '<rc><c>Qq</c>'), '<rc><c>Qq</c>', 'E_PARSE'],
    ['a bad energy', (t: string) => t.replace('-338.31623099', '********'), '********', 'E_PARSE'],
  ])('%s → %s', async (_name, edit, needle, code) => {
    const text = edit(LITERAL);
    expect(text).not.toBe(LITERAL);
    const e = await errorOf(() => readAll(vasprunReader, tmp.file('bad_vasprun.xml', text)));
    const want = needle.includes('\n') ? lineOf(text, '  </structure>') - 1 : lineOf(text, needle);
    expect(e).toMatchObject({ code, line: want });
  });

  it('no atominfo / not a vasprun → E_PARSE', async () => {
    const noAtoms = LITERAL.replace(/ <atominfo>[\s\S]*<\/atominfo>\n/, '');
    expect(await errorOf(() => readAll(vasprunReader, tmp.file('na_vasprun.xml', noAtoms)))).toMatchObject({ code: 'E_PARSE' });
    expect(await errorOf(() => readAll(vasprunReader, tmp.file('x_vasprun.xml', 'hello\n')))).toMatchObject({ code: 'E_PARSE' });
  });
});
