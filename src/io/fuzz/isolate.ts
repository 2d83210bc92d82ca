import { Worker } from 'node:worker_threads';
import type { CaseReply, CaseRequest } from './case-worker.js';
import { type CaseFiles, type CaseLimits, type CaseResult, ContractViolation } from './harness.js';

/**
 * Runs fuzz cases in a worker thread, so that a reader stuck in a synchronous loop (which no
 * promise timeout can interrupt) is caught: when a case does not answer within its budget the
 * worker is terminated (V8 stops even a busy wasm loop) and a new one started for the next case.
 */
export class CaseRunner {
  private worker?: Promise<Worker>;
  private serial = 0;
  private pending?: { id: number; resolve: (r: CaseReply) => void; reject: (e: unknown) => void };

  /** Read one case in the worker; throws ContractViolation for a violation or a hang. */
  async run(format: string, files: CaseFiles, limits: CaseLimits): Promise<CaseResult> {
    const w = await this.ensure();
    const id = ++this.serial;
    let timer: NodeJS.Timeout | undefined;
    const reply = await new Promise<CaseReply | 'hang'>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      // The worker races its own async timeout; this one only fires when the worker is stuck.
      timer = setTimeout(() => resolve('hang'), this.budget(limits));
      w.postMessage({ id, format, files, limits } satisfies CaseRequest);
    }).finally(() => {
      clearTimeout(timer);
      this.pending = undefined;
    });
    if (reply === 'hang') {
      await this.close();
      throw new ContractViolation(`hang: the reader did not return within ${this.budget(limits)} ms (a synchronous loop; the worker was terminated)`);
    }
    if ('violation' in reply) throw new ContractViolation(reply.violation);
    return reply.result;
  }

  // The worker races its own async timeout first; allow it that plus a grace of the same length (≤ 5 s).
  private budget(limits: CaseLimits): number {
    return limits.timeoutMs + Math.min(5_000, limits.timeoutMs);
  }

  /** Stop the worker. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await (await w).terminate();
  }

  /** Start the worker now (it loads the readers: a second or so), so that no case's time includes it. */
  start(): Promise<Worker> {
    return this.ensure();
  }

  private ensure(): Promise<Worker> {
    this.worker ??= new Promise<Worker>((resolve, reject) => {
      const w = new Worker(new URL('./case-worker-boot.mjs', import.meta.url));
      w.on('message', (r: CaseReply | 'ready') => {
        if (r === 'ready') resolve(w);
        else if (this.pending?.id === r.id) this.pending.resolve(r);
      });
      w.on('error', (e) => {
        this.worker = undefined;
        const v = new ContractViolation(`the case worker died: ${e?.stack ?? String(e)}`);
        reject(v);
        this.pending?.reject(v);
      });
      w.unref();
    });
    return this.worker;
  }
}
