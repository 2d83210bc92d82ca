/**
 * Worker thread of the chunked driver (parallel.ts): told the plain analysis context and the
 * jobs once, then runs chunk after chunk exactly as the main thread would (ChunkRun) and
 * posts each chunk's states and diagnostics back. Analyses are found by id in the table.
 */
import { parentPort } from 'node:worker_threads';
import { PaddlewheelError } from '../core/errors.js';
import { ANALYSIS_TABLE } from './analysis-table.js';
import { type ChunkJob, ChunkRun, type PlainContext, toWire } from './chunk.js';
import { unpackFrames } from './frame-pack.js';
import type { FromWorker, ToWorker } from './worker-pool.js';

const port = parentPort;
if (!port) throw new PaddlewheelError('E_INTERNAL', 'run/worker: not started as a worker thread');

let ctx: PlainContext | undefined;
let jobs: ChunkJob[] = [];
let made = new Map<number, unknown>();

port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'setup') {
      ctx = m.ctx;
      made = new Map();
      jobs = m.jobs.map((j) => {
        const line = ANALYSIS_TABLE.get(j.id);
        if (!line) throw new PaddlewheelError('E_INTERNAL', `run/worker: no analysis ${j.id} in the table`);
        return { slot: j.slot, analysis: line.analysis, params: j.params };
      });
      return;
    }
    if (!ctx) throw new PaddlewheelError('E_INTERNAL', 'run/worker: a chunk came before the setup');
    const run = new ChunkRun(jobs, ctx, made);
    for (const f of unpackFrames(m.frames)) run.push(f);
    const reply: FromWorker = { type: 'chunk', chunk: m.chunk, outcomes: run.finish() };
    port.postMessage(reply);
  } catch (e) {
    const reply: FromWorker = { type: 'fatal', error: toWire(e) };
    port.postMessage(reply);
  }
});
