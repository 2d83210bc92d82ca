import { PaddlewheelError, UsageError } from '../../core/errors.js';
import type { DiagnosticLog } from '../../core/diagnostics.js';
import type { Topology } from '../../core/topology.js';
import type { Cluster } from '../../chem/clusters.js';
import { formatFormula, parseFormula } from '../../chem/formula.js';
import type { IonSelection } from '../../chem/select.js';
import { DEFAULT_FORMAL_CHARGES } from './params.js';

function table(entries: Record<string, number>): Readonly<Record<string, number>> {
  // Keys in the canonical order of formatFormula, so `S4P` and `PS4` meet.
  return Object.fromEntries(Object.entries(entries).map(([f, q]) => [formatFormula(parseFormula(f)), q]));
}

/**
 * Formal charges (e) of common anions, used by `--collective all-ions` when `--charge` does
 * not name them. Keys are formulas as formatFormula writes them (a molecular anion is one
 * rigid unit at its centre of mass). Cluster borohydrides B12H12²⁻, B10H10²⁻, CB11H12⁻,
 * CB9H10⁻, BH4⁻, AlH4⁻, NH2⁻; thio- and oxo-anions PS4³⁻, PSe4³⁻, AsS4³⁻, SbS4³⁻, PO4³⁻,
 * SiS4⁴⁻, GeS4⁴⁻, SnS4⁴⁻, P2S6⁴⁻, P2S7⁴⁻, SO4²⁻, CO3²⁻, NO3⁻, ClO4⁻, BF4⁻, PF6⁻, OH⁻;
 * monatomic halides −1 (F, Cl, Br, I), hydride H⁻ −1, chalcogenides −2 (O, S, Se, Te),
 * pnictides −3 (N, P, As).
 */
export const ANION_FORMAL_CHARGES: Readonly<Record<string, number>> = table({
  B12H12: -2, B10H10: -2, CB11H12: -1, CB9H10: -1, BH4: -1, AlH4: -1, NH2: -1,
  PS4: -3, PSe4: -3, AsS4: -3, SbS4: -3, PO4: -3, SiS4: -4, GeS4: -4, SnS4: -4, P2S6: -4, P2S7: -4,
  SO4: -2, CO3: -2, NO3: -1, ClO4: -1, BF4: -1, PF6: -1, OH: -1,
  F: -1, Cl: -1, Br: -1, I: -1, H: -1, O: -2, S: -2, Se: -2, Te: -2, N: -3, P: -3, As: -3,
});

/**
 * Formal charges (e) of cations that are ions of the cell but not the mobile species
 * (spectators): DEFAULT_FORMAL_CHARGES plus Be²⁺, Al³⁺, Ga³⁺, In³⁺, Sc³⁺, Y³⁺, La³⁺, Zr⁴⁺, Hf⁴⁺.
 */
export const SPECTATOR_FORMAL_CHARGES: Readonly<Record<string, number>> = {
  ...DEFAULT_FORMAL_CHARGES, Be: 2, Al: 3, Ga: 3, In: 3, Sc: 3, Y: 3, La: 3, Zr: 4, Hf: 4,
};

/** One kind of ion of the cell and its charge. */
export interface IonKind {
  /** Element (monatomic) or formula (a rigid molecular ion), e.g. `Li`, `PS4`, `Cl`. */
  ion: string;
  count: number;
  /** Charge (e) of one ion. */
  charge: number;
  /** Where the charge came from. */
  source: '--charge' | 'formal-charge table' | 'charge balance';
  /** True for the mobile cations (tracked atoms). */
  mobile: boolean;
}

/** The non-mobile ions of the cell as points (centres of mass) with charges. */
export interface CounterIons {
  /** One cluster per ion (single-atom clusters for monatomic ions), in point order. */
  clusters: Cluster[];
  /** Charge (e) of each point. */
  charges: Float64Array;
  /** Every kind of ion, mobile cations first. */
  kinds: IonKind[];
}

/**
 * Every ion of the cell that is not a mobile cation, as a point: the non-periodic bonded
 * clusters (molecular and monatomic anions, and any other molecule or metal atom), plus the
 * ionic atoms excluded from bonding (group-1/2 spectators) as single-atom clusters.
 * @throws PaddlewheelError E_SELECTION when a bonded network percolates (it has no centre).
 */
export function counterIonClusters(topology: Topology, ions: IonSelection): Cluster[] {
  const set = ions.clusterSet;
  const periodic = set.clusters.filter((c) => c.periodic);
  if (periodic.length > 0) {
    throw new PaddlewheelError('E_SELECTION', `--collective all-ions needs every ion as a point charge, but ${periodic.map((c) => c.formula).join(', ')} form(s) a bonded network through the cell; use --collective cations (with its --drift reference)`);
  }
  const mobile = new Set(ions.cations);
  const out = set.clusters.filter((c) => !c.periodic);
  for (let a = 0; a < topology.symbols.length; a++) {
    if (set.clusterOf[a] !== -1 || mobile.has(a)) continue;
    const s = topology.symbols[a]!;
    out.push({
      atoms: [a], formula: s, composition: { [s]: 1 }, order: [a], parent: [-1], images: [0, 0, 0],
      centre: [0, 0, 0], mass: topology.masses[a]!, periodic: false, dimensionality: 0, maxBond: 0,
    });
  }
  return out;
}

/** The formula keys of the non-mobile ions present (for validating `--charge`). */
export function counterIonKeys(topology: Topology, ions: IonSelection): Set<string> {
  const keys = new Set(ions.clusterSet.clusters.map((c) => c.formula));
  const mobile = new Set(ions.cationSymbols);
  topology.symbols.forEach((s, a) => { if (ions.clusterSet.clusterOf[a] === -1 && !mobile.has(s)) keys.add(s); });
  return keys;
}

/** The mobile cations as ion kinds (count and charge per element). */
export function mobileIonKinds(topology: Topology, ions: IonSelection, cationCharges: Record<string, number>, given: Record<string, number> | undefined): IonKind[] {
  return ions.cationSymbols.map((s) => ({
    ion: s, count: ions.cations.filter((a) => topology.symbols[a] === s).length, charge: cationCharges[s]!,
    source: given?.[s] !== undefined ? '--charge' : 'formal-charge table', mobile: true,
  }));
}

/**
 * Charges of every ion for `--collective all-ions`, and the neutrality check.
 *
 * Each kind takes its charge from `given` (`--charge`, keys elements or formulas), else
 * `cationCharges` for the mobile ions, else ANION_FORMAL_CHARGES / SPECTATOR_FORMAL_CHARGES.
 * When exactly one kind is still unknown its charge follows from charge balance (an
 * `I_CHARGE_BALANCE` diagnostic says so); with more, a UsageError asks for `--charge`.
 * @throws UsageError when Σq ≠ 0 (|Σq| > 1e-9 e), listing count × charge of every kind.
 */
export function resolveCounterIons(
  topology: Topology, ions: IonSelection, cationCharges: Record<string, number>,
  given: Record<string, number> | undefined, diagnostics: DiagnosticLog,
): CounterIons {
  const clusters = counterIonClusters(topology, ions);
  const kinds = mobileIonKinds(topology, ions, cationCharges, given);
  const counts = new Map<string, number>();
  for (const c of clusters) counts.set(c.formula, (counts.get(c.formula) ?? 0) + 1);
  const unknown: IonKind[] = [];
  for (const [ion, count] of counts) {
    const g = given?.[ion];
    const t = ANION_FORMAL_CHARGES[ion] ?? SPECTATOR_FORMAL_CHARGES[ion];
    const k: IonKind = { ion, count, charge: g ?? t ?? NaN, source: g !== undefined ? '--charge' : 'formal-charge table', mobile: false };
    kinds.push(k);
    if (g === undefined && t === undefined) unknown.push(k);
  }
  const sumKnown = () => kinds.reduce((s, k) => s + (Number.isNaN(k.charge) ? 0 : k.count * k.charge), 0);
  if (unknown.length === 1) {
    const k = unknown[0]!;
    const rest = sumKnown();
    k.charge = -rest / k.count;
    k.source = 'charge balance';
    if (!(Math.abs(k.charge) > 1e-9)) throw new UsageError(`no formal charge known for ${k.ion}, and charge balance gives it 0 e; give --charge ${k.ion}=Q`);
    diagnostics.info('I_CHARGE_BALANCE', `no formal charge known for ${k.ion}: charge balance gives ${fmtQ(k.charge)} e each (${k.count} ${k.ion} against ${fmtQ(rest)} e of the other ions); give --charge ${k.ion}=Q to set it`);
  } else if (unknown.length > 1) {
    throw new UsageError(`--collective all-ions needs the charge of every ion: no formal charge known for ${unknown.map((k) => k.ion).join(', ')}; give --charge ${unknown.map((k) => `${k.ion}=Q`).join(',')} (Q in e), or use --collective cations`);
  }
  const net = sumKnown();
  if (Math.abs(net) > 1e-9) {
    throw new UsageError(`--collective all-ions: the ions are not charge-neutral: Σq = ${fmtQ(net)} e (${kinds.map((k) => `${k.count} ${k.ion} × ${fmtQ(k.charge)}`).join(', ')}); correct the charges with --charge ION=Q (ION an element or a formula such as PS4), check --anion, or use --collective cations`);
  }
  const charge = new Map(kinds.map((k) => [k.ion, k.charge]));
  return { clusters, charges: Float64Array.from(clusters, (c) => charge.get(c.formula)!), kinds };
}

function fmtQ(q: number): string {
  const s = String(Number(q.toPrecision(10)));
  return q > 0 ? `+${s}` : s;
}
