import { api, qs, type Stage } from './api';
import type { App } from './app';
import { $$, html, htmlJoin, type SafeHtml } from './html';
import { tk } from './i18n';
import { wt } from './world-i18n';

export type VillageColour = 'density' | 'nearest' | 'isochrone';

/** Minute bands (upper bounds): 15 / 30 / 45 / 60 and beyond; green is near, red is far. */
const BANDS: { max: number; colour: string }[] = [
  { max: 15, colour: '#1a9850' },
  { max: 30, colour: '#91cf60' },
  { max: 45, colour: '#fee08b' },
  { max: 60, colour: '#fc8d59' },
  { max: Infinity, colour: '#d73027' },
];
const BEYOND = '#8c1a1a';
const OUTSIDE = '#e4e7eb';

/** Fill of a village for its minutes (null: beyond the question's limit). */
export function minutesColour(minutes: number | null | undefined, isochrone: boolean): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return isochrone ? OUTSIDE : BEYOND;
  return BANDS.find((b) => minutes <= b.max)!.colour;
}

interface NearestAnswer {
  source: string;
  method: string;
  maxMinutes: number;
  units: { code: string; school: string | null; minutes: number | null; km: number | null }[];
}
interface IsochroneAnswer {
  source: string;
  method: string;
  school: string;
  maxMinutes: number;
  units: { code: string; minutes: number; km: number }[];
}

/**
 * Villages coloured by travel (GET /travel/nearest, /travel/isochrone): minutes to the nearest open school of a
 * stage, or to one selected school (its isochrone in 15-minute bands). The density colouring stays the default.
 */
export class TravelLayer {
  mode: VillageColour = 'density';
  stage: Stage = 'primary';
  school: string | null = null;
  private minutes = new Map<string, number | null>();
  private source = '';
  private maxMinutes = 0;
  private error = '';

  constructor(private readonly app: App) {
    document.addEventListener('click', (e) => {
      const el = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-isochrone]');
      if (!el) return;
      e.preventDefault();
      void this.showIsochrone(el.dataset.isochrone!);
    });
  }

  get active(): boolean {
    return this.mode !== 'density';
  }

  /** The village fill while a travel colouring is on; null: use the density colours. */
  fill(code: string): string | null {
    if (!this.active) return null;
    return minutesColour(this.minutes.has(code) ? this.minutes.get(code) : null, this.mode === 'isochrone');
  }

  async showNearest(stage: Stage = this.stage): Promise<void> {
    this.stage = stage;
    try {
      const r = await api.get<NearestAnswer>(
        `/travel/nearest${qs({ dataset: this.app.state.dataset, version: this.app.state.version, stage })}`,
      );
      this.minutes = new Map(r.units.map((u) => [u.code, u.minutes]));
      this.source = r.source;
      this.maxMinutes = r.maxMinutes;
      this.mode = 'nearest';
      this.error = '';
    } catch (e) {
      this.error = (e as Error).message;
    }
    this.refresh();
  }

  async showIsochrone(school: string): Promise<void> {
    try {
      const r = await api.get<IsochroneAnswer>(
        `/travel/isochrone${qs({ dataset: this.app.state.dataset, version: this.app.state.version, school, maxMinutes: 60 })}`,
      );
      this.minutes = new Map(r.units.map((u) => [u.code, u.minutes]));
      this.source = r.source;
      this.maxMinutes = r.maxMinutes;
      this.school = school;
      this.mode = 'isochrone';
      this.error = '';
      if (!this.app.map.isVisible('villages')) this.app.map.setVisible('villages', true);
    } catch (e) {
      this.error = (e as Error).message;
    }
    this.refresh();
  }

  clear(): void {
    this.mode = 'density';
    this.school = null;
    this.refresh();
  }

  private refresh(): void {
    this.app.restyle();
    this.app.renderLayerPanel();
    document.body.dataset.villageColour = this.mode;
  }

  /** The colouring choice in the villages layer's body. */
  controls(): SafeHtml {
    const opt = (v: string, label: string, on: boolean) => html`<option value="${v}"${on ? html` selected` : ''}>${label}</option>`;
    const stages: Stage[] = ['kindergarten', 'primary', 'junior', 'senior'];
    return htmlJoin(
      html`<label class="ctl"><span>${wt('travel.colourBy')}</span>`,
      html`<select data-travel="mode">${opt('density', wt('travel.density'), this.mode === 'density')}`,
      html`${opt('nearest', wt('travel.nearest'), this.mode === 'nearest')}`,
      html`${
        this.school
          ? opt(
              'isochrone',
              wt('travel.isochroneOf', { name: this.app.schoolByCode.get(this.school)?.name ?? this.school }),
              this.mode === 'isochrone',
            )
          : ''
      }`,
      html`</select></label>`,
      html`${
        this.mode === 'nearest'
          ? htmlJoin(
              html`<label class="ctl"><span>${wt('travel.stage')}</span>`,
              html`<select data-travel="stage">${stages.map((s) => opt(s, tk('stage', s), s === this.stage))}</select></label>`,
            )
          : ''
      }`,
      html`${this.error ? html`<p class="note error">${this.error}</p>` : ''}`,
    );
  }

  legend(): SafeHtml {
    const labels = ['≤ 15', '15 – 30', '30 – 45', '45 – 60', '> 60'];
    const title =
      this.mode === 'isochrone'
        ? wt('travel.legendIso', { name: this.app.schoolByCode.get(this.school ?? '')?.name ?? this.school ?? '' })
        : wt('travel.legendNearest', { stage: tk('stage', this.stage) });
    return htmlJoin(
      html`<div class="legend-title">${title}</div><ul class="legend" id="travel-legend">`,
      html`${BANDS.map((b, i) => html`<li><span class="sw" style="--c:${b.colour}"></span>${labels[i]} ${wt('travel.min')}</li>`)}`,
      html`<li><span class="sw" style="--c:${this.mode === 'isochrone' ? OUTSIDE : BEYOND}">`,
      html`</span>${wt('travel.beyond', { n: this.maxMinutes })}</li></ul>`,
      html`<p class="note" id="travel-source">${this.source === 'roads' ? wt('travel.sourceRoads') : wt('travel.sourceStraight')}`,
      html`</p>`,
    );
  }

  /** Binds the controls drawn by controls() (the layer panel re-renders them). */
  bind(root: HTMLElement): void {
    $$('select[data-travel]', root).forEach((s) =>
      s.addEventListener('change', () => {
        const v = (s as HTMLSelectElement).value;
        if (s.dataset.travel === 'stage') void this.showNearest(v as Stage);
        else if (v === 'nearest') void this.showNearest();
        else if (v === 'isochrone' && this.school) void this.showIsochrone(this.school);
        else this.clear();
      }),
    );
  }

  /** The isochrone button of a school's panel. */
  schoolButton(code: string): SafeHtml {
    return html`<button type="button" class="btn" data-isochrone="${code}">${wt('travel.isochroneBtn')}</button>`;
  }
}
