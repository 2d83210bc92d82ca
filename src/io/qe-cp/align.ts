/** A record keyed by counter run and step, as cp.x files are. */
export interface RunStep {
  run: number;
  nfi: number;
  line: number;
}

/**
 * Walks a companion file (`.cel`, `.vel`, `.for`, `.evp`) alongside `.pos`, matching records
 * by (run, nfi) in increasing order: records the driving file lacks are skipped and counted.
 */
export class Aligner<B extends RunStep> {
  private pending: B | undefined;
  private done = false;
  /** Records skipped because `.pos` has no frame with their key. */
  skipped = 0;
  /** The first skipped record, for the message. */
  firstSkipped: B | undefined;

  constructor(
    private readonly pull: () => Promise<B | undefined>,
    /** Called for each skipped record (e.g. to keep a restart marker it carries). */
    private readonly onSkip?: (b: B) => void,
  ) {}

  /** The record with key (run, nfi), or undefined when this file has none. */
  async match(run: number, nfi: number): Promise<B | undefined> {
    for (;;) {
      if (!this.pending) {
        if (this.done) return undefined;
        this.pending = await this.pull();
        if (!this.pending) {
          this.done = true;
          return undefined;
        }
      }
      const b = this.pending;
      const cmp = b.run - run || b.nfi - nfi;
      if (cmp > 0) return undefined;
      this.pending = undefined;
      if (cmp === 0) return b;
      this.skipped++;
      this.firstSkipped ??= b;
      this.onSkip?.(b);
    }
  }

  /** True when records remain after the last match (read one ahead to know). */
  async hasMore(): Promise<boolean> {
    if (this.pending) return true;
    if (this.done) return false;
    this.pending = await this.pull();
    this.done = !this.pending;
    return !!this.pending;
  }
}
