import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT } from '../../test/helpers/data.js';
import { DiagnosticLog } from '../core/diagnostics.js';
import { openTrajectory } from '../io/open.js';
import { closestApproachAnalysis } from '../analysis/angles/index.js';
import { REGISTRY, type AnalyzeOptions, type ShellScan } from '../analysis/registry.js';
import type { Analysis, AnalysisContext } from '../analysis/types.js';
import { referenceContext } from './serial.js';
import { decodeState, encodeState, StateCodecError } from './state-codec.js';

const roundTrip = (x: unknown) => decodeState(JSON.parse(JSON.stringify(encodeState(x))));
const bits = (x: number) => Buffer.from(new Float64Array([x]).buffer).toString('hex');

describe('state codec', () => {
  it('round-trips special numbers, undefined, typed arrays (NaN payloads), maps, sets and "$" keys exactly', () => {
    const nanPayload = new Float64Array(new BigUint64Array([0x7ff8_0000_dead_beefn]).buffer)[0]!;
    const value = {
      a: [1.5, NaN, Infinity, -Infinity, -0, 0, 5e-324, Number.MAX_VALUE, undefined, null, 'x', true],
      f64: new Float64Array([NaN, nanPayload, -0, Infinity, 1 / 3]),
      f32: new Float32Array([1.1, NaN]), i32: new Int32Array([-1, 2 ** 31 - 1]), u8: new Uint8Array([255, 0]),
      sub: new Float64Array([9, 8, 7, 6]).subarray(1, 3),
      m: new Map<unknown, unknown>([['k', new Int16Array([-3])], [2, { $: 'tricky', v: 'NaN' }]]),
      s: new Set([1, 'two', NaN]),
      $: 'an own key named $',
      nested: { $: 'num', v: 'NaN' },
      missing: undefined,
    };
    const back = roundTrip(value) as typeof value;
    expect((back.a.slice(0, 8) as number[]).map(bits)).toEqual((value.a.slice(0, 8) as number[]).map(bits));
    expect(back.a.slice(8)).toEqual([undefined, null, 'x', true]);
    expect(Object.is(back.a[4], -0)).toBe(true);
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.f64.buffer).equals(Buffer.from(value.f64.buffer))).toBe(true);
    expect(Array.from(back.sub)).toEqual([8, 7]);
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(Array.from(back.i32)).toEqual([-1, 2 ** 31 - 1]);
    expect(back.m.get('k')).toEqual(new Int16Array([-3]));
    expect(back.m.get(2)).toEqual({ $: 'tricky', v: 'NaN' });
    expect(back.s.has(NaN) && back.s.has('two')).toBe(true);
    expect(back.$).toBe('an own key named $');
    expect(back.nested).toEqual({ $: 'num', v: 'NaN' });
    expect('missing' in back).toBe(true);
  });

  it('refuses functions, class instances, bigint and cycles, naming where (E_INTERNAL)', () => {
    class Thing { x = 1; }
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const [bad, where] of [[{ f: () => 1 }, '$.f'], [{ a: [new Thing()] }, '$.a[0]'], [{ n: 1n }, '$.n'], [cyclic, '$.self'], [{ d: new Date() }, '$.d'], [{ v: new DataView(new ArrayBuffer(8)) }, '$.v']] as const) {
      try {
        encodeState(bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(StateCodecError);
        expect((e as StateCodecError).code).toBe('E_INTERNAL');
        expect((e as StateCodecError).path).toBe(where);
      }
    }
  });

  it('refuses damaged data (E_FORMAT)', () => {
    for (const bad of [{ $: 'f64', b64: 'AAAA' }, { $: 'nope' }, { $: 'num', v: 'huge' }, { a: { $: 'map', v: [[1]] } }, { $: 'obj' }]) {
      expect(() => decodeState(bad)).toThrow(StateCodecError);
    }
  });
});

const FIX = join(ROOT, 'fixtures', 'li2b12h12-prim-800K');

describe('every registered analysis state from the real cp.x fixture', () => {
  it('encode → JSON → decode is bit-exact and finalizes to a JSON-identical result', async () => {
    const traj = await openTrajectory([join(FIX, 'lbh.pos.gz')], { qeInput: join(FIX, 'lbh.in'), frames: '0:160:2' });
    const o: AnalyzeOptions = { files: [join(FIX, 'lbh.pos.gz')], cation: 'Li', anion: 'B12H12', out: join(ROOT, 'nowhere') };
    const shell: ShellScan = { r1: 6.2, r1Source: 'test', r1Method: 'test', closest: 1.9, diagnostics: new DiagnosticLog() };
    let ctx: AnalysisContext | undefined;
    const jobs: { id: string; analysis: Analysis<unknown, unknown, unknown>; state: unknown; ctx: AnalysisContext }[] = [];
    for await (const frame of traj.frames()) {
      if (!ctx) {
        ctx = referenceContext(traj, frame, { cation: 'Li', anion: 'B12H12' });
        for (const e of REGISTRY) {
          expect(e.precheck?.(traj, o) ?? e.check?.(ctx, o), e.id).toBeUndefined();
          const job = e.job(o, ctx, shell);
          const own = { ...ctx, diagnostics: new DiagnosticLog() };
          jobs.push({ id: e.id, analysis: job.analysis, state: job.analysis.init(job.params, own), ctx: own });
        }
        const own = { ...ctx, diagnostics: new DiagnosticLog() };
        jobs.push({ id: '#closest', analysis: closestApproachAnalysis as Analysis<unknown, unknown, unknown>, state: closestApproachAnalysis.init({ cutoff: 10 }, own), ctx: own });
      }
      for (const j of jobs) j.analysis.push(j.state, frame);
    }
    expect(jobs.map((j) => j.id)).toEqual([...REGISTRY.map((e) => e.id), '#closest']);
    for (const j of jobs) {
      const text = JSON.stringify(encodeState(j.state));
      const copy = decodeState(JSON.parse(text));
      expect(JSON.stringify(encodeState(copy)), j.id).toBe(text);
      // The copy is finalized first: finalize may consume its state.
      const fromCopy = JSON.stringify(encodeState(j.analysis.finalize(copy, { ...j.ctx, diagnostics: new DiagnosticLog() })));
      const fromOriginal = JSON.stringify(encodeState(j.analysis.finalize(j.state, j.ctx)));
      expect(fromCopy, j.id).toBe(fromOriginal);
    }
  }, 60_000);
});
