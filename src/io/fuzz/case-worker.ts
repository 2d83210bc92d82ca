import { parentPort } from 'node:worker_threads';
import { type CaseFiles, type CaseLimits, type CaseResult, ContractViolation, runCase } from './harness.js';

/** Main thread → case worker: read one case. */
export interface CaseRequest {
  id: number;
  format: string;
  files: CaseFiles;
  limits: CaseLimits;
}

/** Case worker → main thread: the outcome, or the contract violation with its message. */
export type CaseReply = { id: number; result: CaseResult } | { id: number; violation: string };

// A stream error nobody listens to would crash the CLI: catch it and blame the case it came from.
let stray: unknown;
process.on('uncaughtException', (e) => {
  stray ??= e;
});
process.on('unhandledRejection', (e) => {
  stray ??= e;
});

parentPort!.postMessage('ready');
parentPort!.on('message', async (req: CaseRequest) => {
  let reply: CaseReply;
  try {
    const result = await runCase(req.format, req.files, req.limits);
    await new Promise((r) => setImmediate(r));
    if (stray !== undefined) throw new ContractViolation(`uncaught error after the case: ${(stray as Error)?.stack ?? String(stray)}`);
    reply = { id: req.id, result };
  } catch (e) {
    reply = { id: req.id, violation: e instanceof ContractViolation ? e.message : `harness failure: ${(e as Error)?.stack ?? String(e)}` };
  }
  stray = undefined;
  parentPort!.postMessage(reply);
});
