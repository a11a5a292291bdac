import type { Alert, AlertFeature, CapacityFigure, DemandFigure, Stage } from './api';
import { STAGES } from './api';
import type { App } from './app';
import { ratio } from './figures';
import { alertText } from './alert-text';
import { api, qs } from './api';
import { capacityChart, disposeCharts, districtChart, fanChart, projectionChart, pyramidChart } from './charts';
import { wt } from './world-i18n';
import { $, $$, html, htmlJoin, setHtml, type SafeHtml } from './html';
import { num, pct, t, tk } from './i18n';
import type { Selection } from './mapview';
import { LEVEL_RANK, levelColour, utilColour } from './scales';

type Shown = Exclude<Selection, { kind: 'alert' }>;

const LEVEL_OF_PROJECTION: Record<string, string> = { village: 'unit', township: 'township', county: 'county', city: 'city' };

/** The right-hand panel: a school's numbers and chart, an area's age structure and projection, and their alerts. */
export class Details {
  current: Shown | null = null;
  private token = 0;

  constructor(private readonly app: App) {}

  async show(s: Shown, _alert?: AlertFeature): Promise<void> {
    this.current = s;
    await this.render();
  }

  rerender(): void {
    if (this.current) void this.render();
  }

  onYearChange(): void {
    this.rerender();
  }

  private body(): HTMLElement {
    return $('#details-body');
  }

  private async render(): Promise<void> {
    const s = this.current;
    if (!s) return;
    const my = ++this.token;
    this.app.openDetails();
    let content: { html: SafeHtml; draw?: () => void };
    try {
      if (s.kind === 'school') content = await this.school(s.code);
      else if (s.kind === 'area') content = await this.area(s.level, s.code);
      else if (s.kind === 'catchment') content = await this.catchment(s.code);
      else content = await this.district(s.code);
    } catch (e) {
      content = { html: html`<p class="error">${t('app.loadFailed', { msg: (e as Error).message })}</p>` };
    }
    if (my !== this.token) return; // a newer selection is on its way
    disposeCharts();
    const body = this.body();
    body.dataset.kind = s.kind;
    body.dataset.code = s.code;
    setHtml(body, content.html);
    content.draw?.();
    $$('[data-goto-school]', body).forEach((el) =>
      el.addEventListener('click', () => void this.app.select({ kind: 'school', code: el.dataset.gotoSchool! })),
    );
    $$('[data-goto-alert]', body).forEach((el) =>
      el.addEventListener('click', () => {
        const f = this.app.alerts.findFeature(Number(el.dataset.gotoAlert));
        if (f) void this.app.select({ kind: 'alert', feature: f });
      }),
    );
  }

  private kpi(key: string, label: string, value: string, colour?: string): SafeHtml {
    return htmlJoin(
      html`<div class="kpi" data-kpi="${key}"><span class="kpi-label">${label}</span>`,
      html`<b${colour ? html` style="color:${colour}"` : ''}>${value}</b></div>`,
    );
  }

  private alertList(alerts: Alert[]): SafeHtml {
    if (!alerts.length) return html`<p class="muted">${t('school.noAlerts')}</p>`;
    const sorted = [...alerts].sort((a, b) => (LEVEL_RANK[b.level] ?? 0) - (LEVEL_RANK[a.level] ?? 0) || a.onsetYear - b.onsetYear);
    return htmlJoin(
      html`<ul class="alert-list compact">`,
      html`${sorted.map((a) =>
        htmlJoin(
          html`<li class="alert-item"${a.id !== undefined ? html` data-goto-alert="${a.id}"` : ''}>`,
          html`<span class="lvl" style="--c:${levelColour(a.level)}">${tk('level', a.level)}</span>
<span class="alert-text">`,
          html`${alertText(a, (c) => this.app.schoolByCode.get(c)?.name ?? this.app.areaByCode.get(c)?.props.name)}</span>
<span class="alert-meta">${tk('stage', a.stage)} · ${tk('pop', a.population)} · `,
          html`${t('alerts.onset', { year: a.onsetYear })}</span></li>`,
        ),
      )}`,
      html`</ul>`,
    );
  }

  // ---- school ----

  private async school(code: string): Promise<{ html: SafeHtml; draw?: () => void }> {
    const { year } = this.app.state;
    const s = this.app.schoolByCode.get(code);
    if (!s) return { html: html`<p class="error">${code}</p>` };
    const [figures, concerning] = await Promise.all([
      this.app.data.figures({ subjectType: 'school', code }, this.app.state.runId).catch(() => null),
      // Every alert that concerns the school: its own, its catchments' and its districts' (the API's school filter).
      api
        .get<{ alerts: Alert[] }>(`/alerts${qs({ dataset: this.app.state.dataset, school: code, limit: 5000 })}`)
        .catch(() => ({ alerts: [] as Alert[] })),
    ]);
    const rowsYear = (figures ?? []).filter((f) => f.year === year);
    const util = rowsYear.length ? ratio(rowsYear) : null;
    const demand = rowsYear.reduce((n, f) => n + f.demandResident, 0);
    const mine = concerning.alerts;
    const world = this.app.world.schoolSection(code, year);
    const grades = Object.keys({ ...s.classesByGrade, ...s.enrolmentByGrade })
      .map(Number)
      .sort((a, b) => a - b);
    const gradeLabel = (g: number) => (g <= 0 || g >= 7 ? tk('grade', g) : t('grade.n', { n: g }));
    const out = htmlJoin(
      html`<div class="d-head">
  <div class="d-kind">${t('subject.school')} · <code>${s.code}</code></div>
  <h2 data-name>${s.name}</h2>
  <div class="tags">${s.stages.map((st) => html`<span class="tag">${tk('stage', st)}</span>`)}`,
      html`<span class="tag">${tk('ownership', s.ownership)}</span>`,
      html`<span class="tag${s.status !== 'open' ? ' warn' : ''}">${tk('status', s.status)}`,
      html`</span>${s.openYear ? html`<span class="tag muted">${t('school.opened', { year: s.openYear })}</span>` : ''}`,
      html`</div>
</div>
<div class="kpis">
  `,
      html`${
        world.pupils
          ? this.kpi('enrolment', world.pupils.label, num(world.pupils.value))
          : this.kpi('enrolment', t('school.enrolment'), num(s.enrolment))
      }
  ${this.kpi('classes', t('school.classes'), num(s.classes))}
  ${this.kpi('seats', t('school.seats'), num(s.approvedSeats))}
  `,
      html`${this.kpi('utilisation', t('school.utilisation', { year }), util === null ? '–' : pct(util), utilColour(util))}
  ${this.kpi('demand', t('school.demand', { year }), rowsYear.length ? num(demand) : '–')}
  ${this.kpi('teachers', t('school.teachers'), num(s.teachers))}
</div>
${world.html}
<h3>${t('school.chart')}</h3>
`,
      html`${
        figures && figures.length
          ? html`<div class="chart" id="chart-school"></div>`
          : html`<p class="muted">${t('layer.noEvaluation')}</p>`
      }
`,
      html`${
        grades.length
          ? htmlJoin(
              html`<table class="grid-table grades"><thead><tr><th>${t('school.grade')}</th><th>${t('school.gradeClasses')}</th>`,
              html`<th>${t('school.gradePupils')}</th><th>${t('school.classSize')}</th></tr></thead>`,
              html`<tbody>${grades.map((g) => {
                const c = s.classesByGrade[String(g)] ?? 0;
                const e = s.enrolmentByGrade[String(g)] ?? 0;
                return html`<tr><td>${gradeLabel(g)}</td><td>${num(c)}</td><td>${num(e)}</td><td>${c ? num(e / c, 1) : '–'}</td></tr>`;
              })}`,
              html`</tbody></table>`,
            )
          : ''
      }
<p>${this.app.travel.schoolButton(code)}</p>
<div class="kv"><span>${t('school.boarding')}</span><b>${num(s.boardingPlaces)}`,
      html`</b>${s.maxClasses ? html`<span>${t('school.maxClasses')}</span><b>${num(s.maxClasses)}</b>` : ''}</div>
<h3>${t('school.alerts')} <span class="muted">(${mine.length})</span></h3>
${this.alertList(mine)}`,
    );
    return { html: out, draw: () => figures && figures.length && capacityChart($('#chart-school'), figures, year) };
  }

  // ---- area ----

  private async area(level: string, code: string): Promise<{ html: SafeHtml; draw?: () => void }> {
    const { year } = this.app.state;
    const a = this.app.areaByCode.get(code);
    const projLevel = LEVEL_OF_PROJECTION[level] ?? level;
    const [figures, alerts, units] = await Promise.all([
      this.app.data.projections(projLevel === 'city' ? { level: 'city' } : { level: projLevel, code }).catch(() => null),
      this.app.data.allAlerts().catch(() => [] as Alert[]),
      this.app.loadUnits(),
    ]);
    const inYear = (figures ?? []).filter((f) => f.year === year);
    const schoolAge = inYear.reduce((n, f) => n + f.resident, 0);
    const km2 = a?.km2 ?? 0;
    const unit = units?.features.find((f) => f.properties.code === code);
    const total = unit?.properties.attributes?.residents_total;
    const residents = typeof total === 'number' ? total : undefined;
    const pyramid = STAGES.map((stage) => {
      const f = inYear.filter((x) => x.stage === stage);
      return { stage, resident: f.reduce((n, x) => n + x.resident, 0), registered: f.reduce((n, x) => n + x.registered, 0) };
    })
      .filter((r) => r.resident > 0 || r.registered > 0)
      .reverse();
    const mine = alerts.filter((x) => x.subjectCode === code);
    const out = htmlJoin(
      html`<div class="d-head">
  <div class="d-kind">${tk('subject', level)} · <code>${code}</code></div>
  <h2 data-name>${a?.props.name ?? code}</h2>
</div>
<div class="kpis">
  ${this.kpi('area', t('area.area'), km2 ? `${num(km2, km2 < 10 ? 2 : 0)} km²` : '–')}
  ${this.kpi('schoolAge', t('area.schoolAge', { year }), figures ? num(schoolAge) : '–')}
  `,
      html`${this.kpi('density', t('area.density', { year }), figures && km2 ? `${num(schoolAge / km2, 1)} /km²` : '–')}
  ${residents !== undefined ? this.kpi('residents', t('area.residents'), num(residents)) : ''}
</div>
`,
      html`${
        figures && figures.length
          ? htmlJoin(
              html`<h3>${t('area.pyramid', { year })}</h3><div class="chart chart-short" id="chart-pyramid"></div>`,
              html`<p class="note">${t('area.pyramidNote')}</p>
<h3>${t('area.projected')}</h3><div class="chart" id="chart-projection">`,
              htmlJoin(
                html`</div>`,
                html`${
                  figures.some((f) => (f as DemandFigure).interval)
                    ? html`<h3>${t('area.fan')}</h3><div class="chart" id="chart-fan"></div>`
                    : ''
                }`,
              ),
            )
          : html`<p class="muted">${t('area.noProjection')}</p>`
      }
`,
      html`${mine.length ? html`<h3>${t('school.alerts')} <span class="muted">(${mine.length})</span></h3>${this.alertList(mine)}` : ''}`,
    );
    return {
      html: out,
      draw: () => {
        if (!figures || !figures.length) return;
        pyramidChart($('#chart-pyramid'), pyramid as { stage: Stage; resident: number; registered: number }[]);
        projectionChart($('#chart-projection'), figures as DemandFigure[], year);
        if ((figures as DemandFigure[]).some((f) => f.interval)) fanChart($('#chart-fan'), figures as DemandFigure[], year);
      },
    };
  }

  // ---- catchment ----

  private async catchment(code: string): Promise<{ html: SafeHtml; draw?: () => void }> {
    const { year } = this.app.state;
    const c = this.app.catchments?.features.find((f) => f.properties.code === code)?.properties;
    const [figures, alerts] = await Promise.all([
      this.app.data.figures({ subjectType: 'catchment', code }, this.app.state.runId).catch(() => null),
      this.app.data.allAlerts().catch(() => [] as Alert[]),
    ]);
    const schools = c?.schoolCodes ?? [...new Set(alerts.filter((a) => a.subjectCode === code).flatMap((a) => a.details?.schools ?? []))];
    const stage = c?.stage ?? (figures?.[0]?.stage as Stage | undefined);
    const rowsYear = (figures ?? []).filter((f) => f.year === year);
    const util = rowsYear.length ? ratio(rowsYear) : null;
    const first = this.app.schoolByCode.get(schools[0] ?? '');
    const mine = alerts.filter((a) => a.subjectCode === code);
    const out = htmlJoin(
      html`<div class="d-head">
  <div class="d-kind">${t('subject.catchment')} · <code>${code}</code></div>
  <h2 data-name>`,
      html`${first ? t('subject.catchmentOf', { name: first.name, stage: tk('stage', stage ?? '') }) : code}</h2>
</div>
<div class="kpis">
  `,
      html`${this.kpi('seats', t('school.seats'), rowsYear.length ? num(rowsYear.reduce((n, f) => n + f.seats, 0)) : '–')}
  `,
      html`${this.kpi(
        'demand',
        t('school.demand', { year }),
        rowsYear.length ? num(rowsYear.reduce((n, f) => n + f.demandResident, 0)) : '–',
      )}
  `,
      html`${this.kpi('utilisation', t('school.utilisation', { year }), util === null ? '–' : pct(util), utilColour(util))}
  ${c ? this.kpi('units', t('catchment.units'), num(c.unitCodes.length)) : ''}
</div>
<h3>${t('catchment.schools')}</h3>
<ul class="link-list">`,
      html`${schools.map((sc) =>
        htmlJoin(
          html`<li><button type="button" class="link" data-goto-school="${sc}">${this.app.schoolByCode.get(sc)?.name ?? sc}`,
          html`</button> <code>${sc}</code></li>`,
        ),
      )}`,
      html`</ul>
<h3>${t('catchment.chart')}</h3>
`,
      html`${
        figures && figures.length
          ? html`<div class="chart" id="chart-catchment"></div>`
          : html`<p class="muted">${t('layer.noEvaluation')}</p>`
      }
<h3>${t('school.alerts')} <span class="muted">(${mine.length})</span></h3>${this.alertList(mine)}`,
    );
    return { html: out, draw: () => figures && figures.length && capacityChart($('#chart-catchment'), figures as CapacityFigure[], year) };
  }

  // ---- district (高铁新城) ----

  private async district(code: string): Promise<{ html: SafeHtml; draw?: () => void }> {
    const { year } = this.app.state;
    const d = this.app.districts?.features.find((f) => f.properties.code === code)?.properties;
    const [figures, demand, alerts] = await Promise.all([
      this.app.data.figures({ subjectType: 'district', code }, this.app.state.runId).catch(() => null),
      this.app.data.projections({ level: 'district', code }).catch(() => null),
      this.app.data.allAlerts().catch(() => [] as Alert[]),
    ]);
    const rowsYear = (figures ?? []).filter((f) => f.year === year);
    const mine = alerts.filter((a) => a.subjectCode === code);
    const byStage = (stage: string) => rowsYear.find((f) => f.stage === stage);
    // The warning's own series (resident count): "demand at the schools serving it", the number the alert states.
    const serving = new Map<string, Map<number, number>>();
    // Only beside the evaluation's own figures: a run's stored alerts keep no series, and the evaluation's series
    // would not be the run's world.
    for (const a of this.app.state.runId === null ? mine : []) {
      if (a.population !== 'resident' || a.details?.demandBasis !== 'serving_schools' || !a.details.series) continue;
      serving.set(
        a.stage,
        new Map(a.details.series.flatMap((p): [number, number][] => (p.demand === undefined ? [] : [[p.year, p.demand]]))),
      );
    }
    const stageName = (st: string) => tk('stage', st);
    const out = html`<div class="d-head">
  <div class="d-kind">${t('subject.district')} · <code>${code}</code></div>
  <h2 data-name>${d?.name ?? code}</h2>
</div>
<div class="kpis">${(['primary', 'junior', 'kindergarten'] as const).map((st) => {
      const f = byStage(st);
      if (!f) return '';
      const sv = serving.get(st)?.get(year);
      return html`${this.kpi(`residents-${st}`, wt('district.kpiResidents', { stage: stageName(st), year }), num(f.demandResident))}${
        sv !== undefined ? this.kpi(`serving-${st}`, wt('district.kpiServing', { stage: stageName(st), year }), num(sv)) : ''
      }${this.kpi(`seats-${st}`, wt('district.kpiSeats', { stage: stageName(st), year }), num(f.seats))}`;
    })}</div>
<p class="note">${wt('district.noteTwo')}</p>
<h3>${t('school.alerts')} <span class="muted">(${mine.length})</span></h3>${this.alertList(mine)}
<h3>${wt('district.chartTwo')}</h3>
${figures && figures.length ? html`<div class="chart" id="chart-district"></div>` : html`<p class="muted">${t('layer.noEvaluation')}</p>`}
${demand && demand.length ? html`<h3>${t('area.projected')}</h3><div class="chart" id="chart-projection"></div>` : ''}
${demand && demand.some((f) => f.interval) ? html`<h3>${t('area.fan')}</h3><div class="chart" id="chart-fan"></div>` : ''}`;
    return {
      html: out,
      draw: () => {
        if (figures && figures.length)
          districtChart($('#chart-district'), figures, serving, year, {
            residents: wt('district.residents'),
            serving: wt('district.serving'),
            seats: wt('district.seats'),
          });
        if (demand && demand.length) projectionChart($('#chart-projection'), demand, year);
        if (demand && demand.some((f) => f.interval)) fanChart($('#chart-fan'), demand, year);
      },
    };
  }
}
