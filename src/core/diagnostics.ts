/**
 * Diagnostics: problems reported as data. Anything dropped, guessed or clipped becomes a
 * diagnostic that travels with the result (SPEC section 10: `diagnostics` is
 * `[{code, message, frame?, line?}]`).
 */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `W_TRUNCATED_FRAME`, `I_RESTART_SEGMENT`. */
  code: string;
  /** `warning` changes what was computed or may make it wrong; `info` only explains. */
  level: 'info' | 'warning';
  message: string;
  /** 0-based frame index in the (concatenated) trajectory, where one applies. */
  frame?: number;
  /** 1-based line in `file`, where one applies. */
  line?: number;
  file?: string;
}

/** Collects diagnostics; de-duplicates identical repeats so a per-frame warning cannot flood. */
export class DiagnosticLog {
  readonly items: Diagnostic[] = [];
  private readonly counts = new Map<string, number>();
  /** At most this many diagnostics with the same code are kept; the rest are counted. */
  constructor(private readonly perCodeLimit = 20) {}

  private readonly seen = new Set<string>();

  /** Add a diagnostic; an exact repeat (same code, message, file, line, frame) is dropped. */
  add(d: Diagnostic): void {
    const key = `${d.code}\u0000${d.message}\u0000${d.file ?? ''}\u0000${d.line ?? ''}\u0000${d.frame ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const n = (this.counts.get(d.code) ?? 0) + 1;
    this.counts.set(d.code, n);
    if (n <= this.perCodeLimit) this.items.push(d);
  }
  warn(code: string, message: string, extra: Partial<Diagnostic> = {}): void {
    this.add({ code, level: 'warning', message, ...extra });
  }
  info(code: string, message: string, extra: Partial<Diagnostic> = {}): void {
    this.add({ code, level: 'info', message, ...extra });
  }
  /** All kept diagnostics plus one summary per code whose repeats were suppressed. */
  toArray(): Diagnostic[] {
    const out = [...this.items];
    for (const [code, n] of this.counts) {
      if (n > this.perCodeLimit) {
        out.push({ code, level: 'info', message: `${n - this.perCodeLimit} more diagnostics with code ${code} were suppressed` });
      }
    }
    return out;
  }
}
