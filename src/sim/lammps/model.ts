import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { isElement } from '../../core/elements.js';
import { PaddlewheelError, ParseError } from '../../core/errors.js';

/**
 * The classical model file shared by `paddlewheel fit-model` (writes it) and
 * `paddlewheel simulate --engine lammps --model FILE` (reads it): JSON, LAMMPS `units metal`.
 *
 * ```json
 * {
 *   "name": "li2b12h12-rigid-v1",
 *   "provenance": "force-matched to … (paddlewheel fit-model 0.1.0, 2025-…); illustrative",
 *   "units": "metal",
 *   "charges": { "Li": 0.66, "B": -0.0383, "H": -0.0717 },
 *   "pairs": [ { "a": "Li", "b": "H", "A": 1000, "rho": 0.2, "C": 0 } ],
 *   "cutoff": 8,
 *   "kspace": { "style": "pppm", "accuracy": 1e-5 },
 *   "anions": "rigid"
 * }
 * ```
 *
 * Pair energy (Buckingham, LAMMPS `buck/coul/long`): E(r) = A·exp(−r/ρ) − C/r⁶ for r < cutoff,
 * plus the Coulomb energy of the charges (real + PPPM reciprocal space). Pairs are unordered
 * (Li–H = H–Li); a pair of elements that is not listed has no short-range term (A = C = 0).
 * Short-range terms act between all atom pairs, including the atoms of one anion: with rigid
 * anions those intra-anion forces cancel inside each body, so no exclusion is used.
 * `intra` (required when `anions` is `flexible`) holds harmonic bonds and angles in LAMMPS's
 * convention (E = K(r − r0)², E = K(θ − θ0)², no ½).
 */

/** Element symbol as written in model files (`Li`, `B`, `H`). */
const elementSymbol = z.string().refine((s) => isElement(s), { message: 'expected an element symbol such as "Li"' });

/** One Buckingham pair term: A (eV), rho (Å), C (eV·Å⁶, default 0). */
export const pairSchema = z.object({
  a: elementSymbol,
  b: elementSymbol,
  A: z.number().finite().nonnegative(),
  rho: z.number().finite().positive(),
  C: z.number().finite().nonnegative().default(0),
});

/** Harmonic bond type for flexible anions: E = K(r − r0)² (K eV/Å², r0 Å); atoms a–b of one anion closer than `within` (Å) in the built geometry are bonded. */
export const bondSchema = z.object({
  a: elementSymbol,
  b: elementSymbol,
  K: z.number().finite().nonnegative(),
  r0: z.number().finite().positive(),
  within: z.number().finite().positive(),
});

/** Harmonic angle type a–b–c (b at the vertex) over bonded pairs: E = K(θ − θ0)² (K eV/rad², θ0 degrees). */
export const angleSchema = z.object({
  a: elementSymbol,
  b: elementSymbol,
  c: elementSymbol,
  K: z.number().finite().nonnegative(),
  theta0: z.number().finite().gt(0).lte(180),
});

/** Intra-anion terms of flexible anions. `special` = LAMMPS special_bonds lj/coul weights for 1-2, 1-3, 1-4 neighbours (default 0 0 0: bonded atoms do not see each other's pair or Coulomb terms). */
export const intraSchema = z.object({
  bonds: z.array(bondSchema).min(1),
  angles: z.array(angleSchema).default([]),
  special: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)]).default([0, 0, 0]),
});

/** Zod schema of the model file; see the module comment for the meaning of each field. */
export const modelSchema = z
  .object({
    name: z.string().min(1),
    /** Where the parameters come from (fit data, tool and version, or "hand-tuned, illustrative"). */
    provenance: z.string().min(1),
    units: z.literal('metal'),
    /** Charge (e) per element. */
    charges: z.record(elementSymbol, z.number().finite()),
    pairs: z.array(pairSchema),
    /** Real-space cutoff (Å) of the short-range and the real-space Coulomb terms. */
    cutoff: z.number().finite().positive(),
    kspace: z.object({ style: z.literal('pppm'), accuracy: z.number().gt(0).lte(1e-2) }),
    anions: z.enum(['rigid', 'flexible']),
    intra: intraSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    m.pairs.forEach((p, i) => {
      for (const k of ['a', 'b'] as const) {
        if (!(p[k] in m.charges)) ctx.addIssue({ code: 'custom', path: ['pairs', i, k], message: `element ${p[k]} has no entry in charges` });
      }
      const key = [p.a, p.b].sort().join('-');
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['pairs', i], message: `pair ${key} listed twice` });
      seen.add(key);
    });
    if (m.anions === 'flexible' && !m.intra) ctx.addIssue({ code: 'custom', path: ['intra'], message: 'flexible anions need intra (bonds, angles)' });
  });

/** A validated model (defaults filled in). */
export type Model = z.infer<typeof modelSchema>;
/** One Buckingham pair term of a {@link Model}. */
export type ModelPair = z.infer<typeof pairSchema>;

/** Format the first three zod issues as `path: message` (e.g. `pairs[0].rho: Too small: expected number to be >0`). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
      return `${path || '(top level)'}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Validate a parsed model object. Throws ParseError (E_PARSE) whose message names the first
 * offending fields, e.g. `model.json: expected a paddlewheel model file (…) — pairs[0].rho: Too small: …`.
 */
export function parseModel(data: unknown, file = 'model'): Model {
  const r = modelSchema.safeParse(data);
  if (!r.success) throw new ParseError({ file }, `a paddlewheel model file (format in src/sim/lammps/model.ts) — ${describeIssues(r.error)}`);
  return r.data;
}

/** Read and validate a model JSON file (E_IO when unreadable, naming `flag`; E_PARSE when not JSON or invalid). */
export async function loadModel(path: string, flag = '--model'): Promise<Model> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PaddlewheelError('E_IO', `${flag} ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ParseError({ file: path }, 'JSON', (e as Error).message);
  }
  return parseModel(data, path);
}

/**
 * Short-range coefficients of an unordered element pair: the listed term or zeros
 * (A = 0, C = 0, rho = 1 Å, which LAMMPS accepts as "no interaction").
 */
export function pairTerm(model: Model, a: string, b: string): { A: number; rho: number; C: number; listed: boolean } {
  const p = model.pairs.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
  return p ? { A: p.A, rho: p.rho, C: p.C, listed: true } : { A: 0, rho: 1, C: 0, listed: false };
}
