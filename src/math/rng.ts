/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, 2018) seeded through
 * splitmix32, so any 32-bit integer seed gives a well-mixed, non-zero state. Everything in
 * paddlewheel that draws random numbers (structure builders, random rotations, bootstrap
 * errors, property tests) takes an `Rng`, never `Math.random`, so runs are reproducible.
 *
 * Not cryptographic. Period 2¹²⁸ − 1; 32-bit outputs.
 */
export interface Rng {
  /** Uniform integer in [0, 2³²). */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2³², without modulo bias. */
  nextInt(n: number): number;
  /** Standard normal deviate (mean 0, variance 1), polar Box–Muller. */
  nextNormal(): number;
  /** The 4-word state, to save and restore a stream (`createRng(0).setState(s)`). */
  getState(): [number, number, number, number];
  /** Restore a state from `getState()`; throws RangeError on the all-zero state. */
  setState(s: readonly number[]): void;
}

/** splitmix32 step: returns the next output and advances `s[0]`. */
function splitmix32(s: Uint32Array): number {
  s[0] = (s[0]! + 0x9e3779b9) >>> 0;
  let z = s[0]!;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A new generator. `seed` is any finite number; its integer part modulo 2³² is used
 * (so seeds 1 and 1.5 give the same stream; use integers).
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`rng seed must be finite, got ${seed}`);
  const sm = new Uint32Array([Math.trunc(seed) >>> 0]);
  const st = new Uint32Array(4);
  for (let i = 0; i < 4; i++) st[i] = splitmix32(sm);
  // splitmix32 is a bijection per step, but guard the forbidden all-zero state anyway.
  if ((st[0]! | st[1]! | st[2]! | st[3]!) === 0) st[0] = 1;
  let spare: number | undefined;

  const nextUint32 = (): number => {
    const s0 = st[0]!, s1 = st[1]!, s2 = st[2]!, s3 = st[3]!;
    const t = Math.imul(s1, 5);
    const result = Math.imul((t << 7) | (t >>> 25), 9) >>> 0;
    const sh = (s1 << 9) >>> 0;
    const n2 = (s2 ^ s0) >>> 0;
    const n3 = (s3 ^ s1) >>> 0;
    st[1] = s1 ^ n2;
    st[0] = s0 ^ n3;
    st[2] = n2 ^ sh;
    st[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  };
  const nextFloat = (): number => {
    const hi = nextUint32() >>> 5; // 27 bits
    const lo = nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  return {
    nextUint32,
    nextFloat,
    nextInt(n: number): number {
      if (!(Number.isInteger(n) && n >= 1 && n <= 4294967296)) throw new RangeError(`nextInt(n) needs an integer 1 ≤ n ≤ 2^32, got ${n}`);
      // Rejection sampling: discard the top sliver that would bias small residues.
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const x = nextUint32();
        if (x < limit) return x % n;
      }
    },
    nextNormal(): number {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      for (;;) {
        const u = 2 * nextFloat() - 1;
        const v = 2 * nextFloat() - 1;
        const r2 = u * u + v * v;
        if (r2 > 0 && r2 < 1) {
          const f = Math.sqrt((-2 * Math.log(r2)) / r2);
          spare = v * f;
          return u * f;
        }
      }
    },
    getState: () => [st[0]!, st[1]!, st[2]!, st[3]!],
    setState(s: readonly number[]): void {
      if (s.length !== 4 || s.every((x) => (x >>> 0) === 0)) throw new RangeError('rng state must be 4 words, not all zero');
      for (let i = 0; i < 4; i++) st[i] = s[i]! >>> 0;
      spare = undefined;
    },
  };
}
