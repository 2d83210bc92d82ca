import cliProgress from 'cli-progress';
import { onInterrupt } from '../core/cleanup.js';

/**
 * Progress on stderr for long runs: a bar with frames done, rate and time left when the
 * total is known, a counter otherwise. Shown only when stderr is a TTY and `CI` is not set;
 * silent otherwise, so logs and pipes stay clean.
 */
export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

/** Whether progress output is wanted in this process. */
export function progressWanted(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

/** A progress reporter for `label`, with `total` frames if known. */
export function makeProgress(label: string, total?: number): Progress {
  if (!progressWanted()) return { tick: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: total ? `${label} {bar} {value}/{total} frames | {rate} frames/s | ETA {eta_formatted}` : `${label} {value} frames | {rate} frames/s`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let done = 0;
  bar.start(total ?? 0, 0, { rate: '0' });
  // An interrupted run stops the bar (and shows the cursor again) before its message.
  const forget = onInterrupt(() => bar.stop());
  return {
    tick(n = 1) {
      done += n;
      const rate = (done / Math.max(1e-3, (Date.now() - t0) / 1000)).toFixed(0);
      bar.update(done, { rate });
    },
    stop() {
      forget();
      bar.stop();
    },
  };
}
