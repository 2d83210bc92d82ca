import { esc, isQuantity, num, qty } from './format.js';
import type { AnalysisResult, ReportData } from './results.js';

/** One descriptor card: what it is, its value (HTML) and where it came from, or why it is missing. */
interface Card {
  name: string;
  value: string;
  note: string;
  explain: string;
  missing?: boolean;
}

/**
 * The frustration descriptors side by side, each with a one-line explanation: R⁺/R⁻ and the
 * predicted site, S̃, D, E_a, σ, Haven ratio, docked fraction, reorientation time and the
 * cation–anion spectral overlap. A descriptor whose analysis is absent or gave no value says why.
 */
export function summaryHtml(d: ReportData): string {
  const a = d.analyses;
  const why = (id: string, fallback = 'not computed') => reason(d, id, fallback);
  const cards: Card[] = [];
  const p = a['pauling'];
  cards.push(p && typeof p['radiusRatio'] === 'number'
    ? { name: 'R⁺/R⁻', value: `${esc(num(p['radiusRatio'], 3))} <span class="tag">${esc(p['predictedSite'] ?? '?')}</span>`, note: `${esc(p['lattice'] ?? '')} anions, r⁺ = ${esc(num(p['cationRadius']?.value, 3))} Å, R⁻ = ${esc(num(p['anionRadius']?.value, 3))} Å${p['boundary'] ? `; on the ${esc(p['boundary'].join('/'))} boundary` : ''}`, explain: 'Pauling radius ratio: which interstitial site (linear, trigonal, tetrahedral, octahedral) the cation fits.' }
    : missing('R⁺/R⁻', why('pauling'), 'Pauling radius ratio and predicted site.'));
  const s = a['sites'];
  cards.push(s && isQuantity(s['entropy'])
    ? { name: 'S̃', value: qty(s['entropy']), note: `${esc(s['cations'] ?? '?')} cations over ${esc(s['frames'] ?? '?')} frames`, explain: 'Configurational entropy per cation of the site occupations: high when many sites are partly used.' }
    : missing('S̃', why('sites'), 'Site-occupation entropy per cation.'));
  const m = a['msd'];
  cards.push(m && isQuantity(m['D'])
    ? { name: `D(${esc(m['species']?.join?.(',') ?? '')})`, value: qty(m['D']), note: m['DAngstrom'] ? `= ${qty(m['DAngstrom'])}` : '', explain: 'Tracer diffusion coefficient from the slope of the mean squared displacement.' }
    : missing('D', why('msd'), 'Tracer diffusion coefficient.'));
  const ar = a['arrhenius'];
  cards.push(ar && isQuantity(ar['Ea'])
    ? { name: 'E<sub>a</sub>', value: qty(ar['Ea']), note: `${esc(ar['points']?.length ?? '?')} temperatures${ar['D300K'] ? `, D(300 K) = ${qty(ar['D300K'])}` : ''}`, explain: 'Activation energy from the Arrhenius fit of ln D against 1/T.' }
    : missing('E<sub>a</sub>', why('arrhenius', 'needs runs at several temperatures'), 'Activation energy of diffusion.'));
  const sigma = m && isQuantity(m['conductivity']) ? m['conductivity'] : null;
  cards.push(sigma
    ? { name: 'σ', value: qty(sigma), note: `at ${esc(num(m!['temperature']?.value))} K${isQuantity(m!['conductivityNernstEinstein']) ? `; Nernst–Einstein ${qty(m!['conductivityNernstEinstein'])}` : ''}`, explain: 'Ionic conductivity from the collective (charge) displacement.' }
    : ar && isQuantity(ar['sigma300K'])
      ? { name: 'σ(300 K)', value: qty(ar['sigma300K']), note: 'extrapolated, Haven ratio 1', explain: 'Ionic conductivity at room temperature from the Arrhenius fit.' }
      : missing('σ', m ? 'needs the temperature (--temperature) and charges' : why('msd'), 'Ionic conductivity.'));
  cards.push(m && isQuantity(m['havenRatio'])
    ? { name: 'Haven ratio H<sub>R</sub>', value: qty(m['havenRatio']), note: 'D* / D_σ', explain: 'Haven ratio: below 1 when cations move in correlated, concerted jumps.' }
    : missing('Haven ratio H<sub>R</sub>', m ? 'needs the collective MSD and the temperature' : why('msd'), 'Haven ratio.'));
  const dk = a['docking'];
  cards.push(dk && typeof dk['dockedFraction'] === 'number'
    ? { name: 'docked fraction', value: `<span class="q">${esc(num(100 * dk['dockedFraction'], 3))}&#8239;%</span>`, note: `within r_dock = ${esc(num(dk['rDock']?.value, 3))} Å; triad angle ${qty(dk['meanTriadAngle'])} (random ${qty(dk['isotropicMeanTriadAngle'])})`, explain: 'Fraction of first-shell cations sitting on a B₃ face (triad) of an anion.' }
    : missing('docked fraction', why('docking'), 'Docked fraction of first-shell cations.'));
  const rot = a['rotation'];
  const tau = rot?.['tau1'] ?? rot?.['tau2'];
  cards.push(rot && isQuantity(tau)
    ? { name: rot['tau1'] ? 'reorientation τ₁' : 'reorientation τ₂', value: qty(tau), note: rot['tau2'] && rot['tau1'] ? `τ₂ = ${qty(rot['tau2'])}` : '', explain: 'Anion reorientation time: the integral time of the fitted decay of C(t).' }
    : missing('reorientation τ', rot ? warningText(rot, 'no decay fitted') : why('rotation'), 'Anion reorientation time.'));
  const sp = a['spectra'];
  const ov = Array.isArray(sp?.['overlap']) ? (sp!['overlap'] as { cation: string; anion: string; value: number; from: number; to: number }[]) : [];
  const best = ov.find((o) => o.anion === 'anionOmegaRigid') ?? ov[0];
  cards.push(best
    ? { name: 'spectral overlap', value: `<span class="q">${esc(num(best.value, 3))}</span>`, note: `${esc(best.cation)} vs ${esc(best.anion === 'anionOmegaRigid' ? 'anion rotation' : best.anion)}, ${esc(num(best.from))}–${esc(num(best.to))} THz`, explain: 'Overlap of the cation and anion-rotation spectra at low frequency: the paddle-wheel coupling.' }
    : missing('spectral overlap', why('spectra'), 'Cation–anion spectral overlap.'));
  return `<div class="cards">${cards.map(cardHtml).join('')}</div>`;
}

function cardHtml(c: Card): string {
  return `<div class="card${c.missing ? ' missing' : ''}"><div class="name">${c.name}</div><div class="value">${c.value}</div><div class="note">${c.note}</div><div class="explain">${esc(c.explain)}</div></div>`;
}

function missing(name: string, why: string, explain: string): Card {
  return { name, value: '<span class="na">—</span>', note: esc(why), explain, missing: true };
}

/** Why an analysis has no result: its skip reason, else a fallback. */
export function reason(d: ReportData, id: string, fallback = 'not computed'): string {
  return d.skipped[id] ?? (d.analyses[id] ? fallback : `${id}: not run`);
}

/** The first warning of a result (e.g. W_NO_DECAY), for a descriptor it could not give. */
function warningText(r: AnalysisResult, fallback: string): string {
  const w = (r['diagnostics'] as { level?: string; message?: string }[] | undefined)?.find((x) => x.level === 'warning');
  return w?.message ?? fallback;
}
