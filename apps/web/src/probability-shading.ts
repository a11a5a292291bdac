import type { AlertFeature } from './api';
import { html, htmlJoin, type SafeHtml } from './html';
import { pct } from './i18n';
import { wt } from './world-i18n';

/** Bands of P(utilisation ≥ 100 %): light to dark, so that "likely short" reads as the darkest red. */
const BANDS: { max: number; colour: string }[] = [
  { max: 0.1, colour: '#fde0d2' },
  { max: 0.25, colour: '#fcae91' },
  { max: 0.5, colour: '#fb6a4a' },
  { max: 0.75, colour: '#de2d26' },
  { max: Infinity, colour: '#a50f15' },
];
const NONE = '#b8c0c8';

/**
 * The probability of a seat shortage shown for each school by a year: the largest P(≥100 %) among the warnings with
 * onset by that year that concern the school (its own, and its catchment's through `details.schools`).
 * @example schoolProbabilities(alerts, 2027).get('330802P001') // 0.78
 */
export function schoolProbabilities(alerts: readonly AlertFeature[], year: number): Map<string, number> {
  const out = new Map<string, number>();
  const put = (code: string, p: number) => {
    if (p > (out.get(code) ?? -1)) out.set(code, p);
  };
  for (const f of alerts) {
    const a = f.properties;
    const p = a.pAtLeast100;
    if (typeof p !== 'number' || !Number.isFinite(p) || a.onsetYear > year) continue;
    if (a.subjectType === 'school') put(a.subjectCode, p);
    else if (a.subjectType === 'catchment') for (const s of a.details?.schools ?? []) put(s, p);
  }
  return out;
}

/** Fill colour for a probability (grey: no warning with a probability). */
export function probColour(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return NONE;
  return BANDS.find((b) => p < b.max)!.colour;
}

export function probLegend(year: number): SafeHtml {
  const lo = [0, 0.1, 0.25, 0.5, 0.75];
  const labels = lo.map((x, i) => (i === lo.length - 1 ? `≥ ${pct(x)}` : `${pct(x)} – ${pct(lo[i + 1])}`));
  return htmlJoin(
    html`<div class="legend-title">${wt('prob.legendTitle', { year })}</div>`,
    html`<ul class="legend legend-prob" id="prob-legend">`,
    html`${BANDS.map((b, i) => html`<li><span class="sw sw-dot" style="--c:${b.colour}"></span>${labels[i]}</li>`)}`,
    html`<li><span class="sw sw-dot" style="--c:${NONE}"></span>${wt('prob.none')}</li></ul>`,
    html`<p class="note">${wt('prob.note')}</p>`,
  );
}
