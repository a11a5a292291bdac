import { alertText } from './alert-text';
import { wt } from './world-i18n';
import type { AlertFeature } from './api';
import type { App } from './app';
import { $$, html, htmlJoin, setHtml } from './html';
import { num, t, tk } from './i18n';
import { LEVELS, levelColour } from './scales';

const SHOWN = 300;

/** Alerts filtered by level, stage, district and population; a click centres the map on the alert's subject. */
export class AlertsPanel {
  features: AlertFeature[] = [];
  filter = { level: '', stage: '', district: '', population: 'resident' };
  private error: string | null = null;
  private loading = false;

  constructor(
    private readonly app: App,
    private readonly el: HTMLElement,
  ) {}

  async load(): Promise<void> {
    this.loading = true;
    this.render();
    try {
      const fc = await this.app.data.alerts(Object.fromEntries(Object.entries(this.filter).filter(([, v]) => v)));
      this.features = fc.features;
      this.error = null;
    } catch (e) {
      this.features = [];
      this.error = (e as Error).message;
    }
    this.loading = false;
    this.app.setAlertsCount(this.error ? null : this.features.length);
    this.app.onAlertsChanged(this.features);
    this.render();
  }

  findFeature(id: number): AlertFeature | undefined {
    return this.features.find((f) => f.properties.id === id);
  }

  subjectLabel(f: AlertFeature): string {
    const a = f.properties;
    if (a.subjectType === 'school') return this.app.schoolByCode.get(a.subjectCode)?.name ?? a.subjectCode;
    if (a.subjectType === 'catchment') {
      const s = this.app.schoolByCode.get(a.details?.schools?.[0] ?? a.subjectCode.split('-')[0]);
      return s ? t('subject.catchmentOf', { name: s.name, stage: tk('stage', a.stage) }) : a.subjectCode;
    }
    if (a.subjectType === 'district')
      return this.app.districts?.features.find((d) => d.properties.code === a.subjectCode)?.properties.name ?? a.subjectCode;
    return this.app.areaByCode.get(a.subjectCode)?.props.name ?? a.subjectCode;
  }

  render(): void {
    const f = this.filter;
    const opt = (value: string, label: string, current: string) =>
      html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
    const districts = this.app.districts?.features.map((d) => d.properties) ?? [];
    setHtml(
      this.el,
      htmlJoin(
        html`<div class="filters">
  <label class="ctl"><span>${t('alerts.level')}</span>`,
        html`<select data-filter="level">${opt('', t('app.all'), f.level)}`,
        html`${LEVELS.map((l) => opt(l, tk('level', l), f.level))}</select></label>
  <label class="ctl"><span>${t('alerts.stage')}</span>`,
        html`<select data-filter="stage">${opt('', t('stage.all'), f.stage)}`,
        html`${['kindergarten', 'primary', 'junior', 'senior'].map((s) => opt(s, tk('stage', s), f.stage))}</select>`,
        html`</label>
  <label class="ctl"><span>${t('alerts.district')}</span>`,
        html`<select data-filter="district">${opt('', t('app.all'), f.district)}`,
        html`${districts.map((d) => opt(d.code, d.name, f.district))}</select></label>
  <label class="ctl"><span>${t('alerts.population')}</span>`,
        html`<select data-filter="population">${opt('', t('app.all'), f.population)}`,
        html`${opt('resident', tk('pop', 'resident'), f.population)}`,
        html`${opt('registered', tk('pop', 'registered'), f.population)}</select></label>
</div>
<p class="summary">`,
        html`${
          this.loading
            ? t('app.loading')
            : this.error
              ? html`<span class="error">${t('app.loadFailed', { msg: this.error })}</span>`
              : htmlJoin(
                  html`${t('alerts.count', { n: this.features.length })}`,
                  html`${this.features.length > SHOWN ? t('alerts.shown', { n: SHOWN }) : ''}`,
                )
        }`,
        html`</p>
<p class="note">${t('alerts.hint')}</p>
`,
        html`${
          !this.loading && !this.error && !this.features.length
            ? html`<p class="muted">${t('alerts.none')}</p>`
            : htmlJoin(
                html`<ul class="alert-list" id="alert-list">`,
                html`${this.features.slice(0, SHOWN).map((x, i) => {
                  const a = x.properties;
                  return htmlJoin(
                    html`<li class="alert-item" tabindex="0" data-index="${i}" data-alert-id="${a.id ?? ''}" data-level="${a.level}">
  <span class="lvl" style="--c:${levelColour(a.level)}">${tk('level', a.level)}</span>
  <span class="alert-subject">${this.subjectLabel(x)}</span>
  <span class="alert-text">`,
                    html`${alertText(a, (c) => this.app.schoolByCode.get(c)?.name ?? this.app.areaByCode.get(c)?.props.name)}</span>
  <span class="alert-meta">${tk('kind', a.kind)} · ${tk('stage', a.stage)} · ${tk('pop', a.population)} · `,
                    html`${t('alerts.onset', { year: a.onsetYear })}`,
                    html`${
                      a.seatGap > 0
                        ? html` · ${t('alerts.gap', { n: num(a.seatGap) })}`
                        : a.seatGap < 0
                          ? html` · ${wt('gap.surplus', { n: num(-a.seatGap) })}`
                          : ''
                    }`,
                    html`</span>
</li>`,
                  );
                })}`,
                html`</ul>`,
              )
        }`,
      ),
    );
    $$('select[data-filter]', this.el).forEach((s) =>
      s.addEventListener('change', () => {
        (this.filter as Record<string, string>)[s.dataset.filter!] = (s as HTMLSelectElement).value;
        void this.load();
      }),
    );
    const list = this.el.querySelector('#alert-list');
    if (list) {
      const open = (li: HTMLElement) => {
        const f = this.features[Number(li.dataset.index)];
        if (!f) return;
        $$('.alert-item.active', this.el).forEach((x) => x.classList.remove('active'));
        li.classList.add('active');
        void this.app.select({ kind: 'alert', feature: f });
      };
      list.addEventListener('click', (e) => {
        const li = (e.target as HTMLElement).closest<HTMLElement>('.alert-item');
        if (li) open(li);
      });
      list.addEventListener('keydown', (e) => {
        const li = (e.target as HTMLElement).closest<HTMLElement>('.alert-item');
        if (li && ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ')) {
          e.preventDefault();
          open(li);
        }
      });
    }
  }
}
