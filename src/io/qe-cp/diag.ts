import type { Diagnostic, DiagnosticLog } from '../../core/diagnostics.js';

// Messages already logged, per log: open() runs twice per file under openTrajectory and a
// trajectory may be streamed several times, so without this every note would repeat.
const seen = new WeakMap<DiagnosticLog, Set<string>>();

/**
 * Add a diagnostic to `log` unless one with the same code and message is already there
 * (from an earlier open or pass over the same files).
 */
export function noteOnce(log: DiagnosticLog, level: Diagnostic['level'], code: string, message: string, extra: Partial<Diagnostic> = {}): void {
  let s = seen.get(log);
  if (!s) seen.set(log, (s = new Set()));
  const key = `${code}\u0000${message}`;
  if (s.has(key)) return;
  s.add(key);
  log.add({ code, level, message, ...extra });
}
