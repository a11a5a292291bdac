import { html, htmlJoin, type SafeHtml } from './html';
import { num, t, type MessageKey } from './i18n';

export const NO_DATA = '#b8c0c8';

/** Utilisation bands (resident demand / seats). */
export const UTIL_BANDS: { max: number; colour: string; key: MessageKey }[] = [
  { max: 0.6, colour: '#4c78a8', key: 'util.low' },
  { max: 0.85, colour: '#54a24b', key: 'util.mid' },
  { max: 1.0, colour: '#e2b42b', key: 'util.high' },
  { max: 1.1, colour: '#f58518', key: 'util.tight' },
  { max: Infinity, colour: '#d62728', key: 'util.over' },
];

export function utilColour(u: number | null | undefined): string {
  if (u === null || u === undefined || !Number.isFinite(u)) return NO_DATA;
  // Within a rounding hair of a band edge counts as the lower band (100.0% is still "85–100%").
  return UTIL_BANDS.find((b) => u <= b.max + 1e-9)!.colour;
}

export const LEVELS = ['red', 'orange', 'yellow', 'notice'] as const;
export const LEVEL_COLOURS: Record<string, string> = {
  red: '#d62728',
  orange: '#f58518',
  yellow: '#e2b42b',
  notice: '#7b8fa6',
  none: '#c5ccd3',
};
export const LEVEL_RANK: Record<string, number> = { red: 4, orange: 3, yellow: 2, notice: 1 };

export function levelColour(level: string | null | undefined): string {
  return LEVEL_COLOURS[level ?? 'none'] ?? LEVEL_COLOURS.none;
}

const DENSITY_COLOURS = ['#f2f0f7', '#dadaeb', '#bcbddc', '#9e9ac8', '#756bb1', '#54278f'];

/** Class breaks from quantiles of the base year, kept fixed across years so colours compare between years. */
export function densityBreaks(values: number[]): number[] {
  const v = values.filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const nice = (x: number) => {
    if (x <= 0) return 0;
    const p = Math.pow(10, Math.floor(Math.log10(x)) - 1);
    return Math.round(x / p) * p;
  };
  const breaks = [1, 2, 3, 4, 5].map((i) => nice(v[Math.min(v.length - 1, Math.floor((i * v.length) / 6))]));
  return [...new Set(breaks)].filter((b) => b > 0);
}

export function densityColour(d: number | null | undefined, breaks: number[]): string {
  if (d === null || d === undefined || !Number.isFinite(d)) return NO_DATA;
  let i = 0;
  while (i < breaks.length && d >= breaks[i]) i++;
  return DENSITY_COLOURS[Math.min(i, DENSITY_COLOURS.length - 1)];
}

const YEAR_COLOURS = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#bddf26', '#fde725'];

export function yearColour(year: number, years: number[]): string {
  const i = years.indexOf(year);
  if (i < 0 || years.length === 0) return NO_DATA;
  const k = years.length === 1 ? 0 : Math.round((i / (years.length - 1)) * (YEAR_COLOURS.length - 1));
  return YEAR_COLOURS[k];
}

/** Circle radius in pixels for a school's enrolment (area proportional to pupils). */
export function schoolRadius(enrolment: number): number {
  return Math.max(3, Math.min(16, 2.5 + Math.sqrt(Math.max(0, enrolment)) / 3.2));
}

// ---- legends ----

const swatch = (colour: string, label: string, shape: 'box' | 'dot' | 'ring' | 'line' = 'box') =>
  html`<li><span class="sw sw-${shape}" style="--c:${colour}"></span>${label}</li>`;

export function utilLegend(year: number): SafeHtml {
  return htmlJoin(
    html`<div class="legend-title">${t('layer.utilLegend', { year })}</div>`,
    html`<ul class="legend">${UTIL_BANDS.map((b) => swatch(b.colour, t(b.key), 'dot'))}`,
    html`${swatch(NO_DATA, t('layer.noData'), 'dot')}</ul>`,
  );
}

export function alertLegend(year: number, shape: 'dot' | 'line' = 'dot'): SafeHtml {
  return htmlJoin(
    html`<div class="legend-title">${t('layer.alertLegend', { year })}</div>`,
    html`<ul class="legend">${LEVELS.map((l) => swatch(LEVEL_COLOURS[l], t(`level.${l}` as MessageKey), shape))}`,
    html`${shape === 'dot' ? swatch(LEVEL_COLOURS.none, t('level.none'), 'dot') : ''}</ul>`,
  );
}

export function sizeLegend(): SafeHtml {
  return html`<div class="legend-title">${t('layer.sizeLegend')}</div><ul class="legend legend-sizes">${[100, 500, 1500].map((n) => {
    const r = schoolRadius(n);
    return html`<li><span class="sz" style="width:${2 * r}px;height:${2 * r}px"></span>${num(n)}</li>`;
  })}</ul>`;
}

export function densityLegend(breaks: number[], year: number, stageLabel: string): SafeHtml {
  if (!breaks.length) return html`<div class="legend-title">${t('layer.densityNone')}</div>`;
  const labels = [
    `< ${num(breaks[0])}`,
    ...breaks.slice(0, -1).map((b, i) => `${num(b)} – ${num(breaks[i + 1])}`),
    `≥ ${num(breaks[breaks.length - 1])}`,
  ];
  return htmlJoin(
    html`<div class="legend-title">${t('layer.densityLegend', { year, stage: stageLabel })}</div>`,
    html`<ul class="legend">${labels.map((l, i) => swatch(DENSITY_COLOURS[i], l))}${swatch(NO_DATA, t('layer.noData'))}`,
    html`</ul>`,
  );
}

export function yearLegend(years: number[], year: number): SafeHtml {
  return htmlJoin(
    html`<div class="legend-title">${t('layer.housingLegend', { year })}</div>`,
    html`<ul class="legend legend-inline">${years.map((y) => swatch(yearColour(y, years), String(y), 'dot'))}</ul>`,
  );
}

export function lineLegend(colour: string, label: string, dashed = false): SafeHtml {
  return html`<ul class="legend"><li><span class="sw sw-line${dashed ? ' dashed' : ''}" style="--c:${colour}"></span>${label}</li></ul>`;
}
