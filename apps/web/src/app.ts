import type { Geometry } from 'geojson';
import {
  api,
  ApiError,
  getToken,
  handleUnauthorized,
  type AlertFeature,
  type AreaProps,
  type CapacityFigure,
  type CatchmentProps,
  type DistrictProps,
  type HousingProps,
  type PagedCollection,
  type SchoolProps,
  type Stage,
  type UnitProps,
} from './api';
import { AlertsPanel } from './alerts-panel';
import { disposeCharts, resizeCharts } from './charts';
import { DataStore } from './data';
import { Details } from './details';
import { groupBySubject, ratio } from './figures';
import { areaKm2 } from './geo';
import { $, $$, html, htmlJoin, setHtml, type SafeHtml } from './html';
import { lang, setLang, t, tk, type Lang, type MessageKey } from './i18n';
import { wt } from './world-i18n';
import { MapView, type LayerId, type Selection } from './mapview';
import { RunsPanel } from './runs-panel';
import { ScenarioBuilder } from './builder';
import { UploadPreview } from './upload-preview';
import {
  alertLegend,
  densityBreaks,
  densityColour,
  densityLegend,
  LEVEL_RANK,
  levelColour,
  lineLegend,
  sizeLegend,
  utilColour,
  utilLegend,
  yearColour,
  yearLegend,
} from './scales';
import { Settings } from './settings';
import { PrintLayout } from './print';
import { probColour, probLegend, schoolProbabilities } from './probability-shading';
import { TravelLayer } from './travel-layer';
import { WorldLayer } from './world-layer';

export interface AppState {
  dataset: string;
  version?: number;
  years: number[];
  baseYear: number;
  year: number;
  schoolStage: Stage | '';
  schoolColour: 'util' | 'alert' | 'prob';
  catchmentStage: Stage;
  densityStage: Stage | '';
  runId: number | null;
  compareRunId: number | null;
}

const LAYER_ROWS: { id: LayerId; key: MessageKey; initially: boolean }[] = [
  { id: 'counties', key: 'layer.counties', initially: true },
  { id: 'townships', key: 'layer.townships', initially: true },
  { id: 'villages', key: 'layer.villages', initially: true },
  { id: 'schools', key: 'layer.schools', initially: true },
  { id: 'catchments', key: 'layer.catchments', initially: false },
  { id: 'districts', key: 'layer.districts', initially: true },
  { id: 'housing', key: 'layer.housing', initially: true },
  { id: 'alerts', key: 'layer.alerts', initially: true },
  { id: 'plan', key: 'layer.plan', initially: true },
];

const PLAN_COLOURS = { a: '#0b6e4f', b: '#8e44ad' };

/** The page: header with the year slider, layer/alerts/scenario tabs, the map and the details panel. */
export class App {
  readonly state: AppState;
  readonly data: DataStore;
  map!: MapView;
  details!: Details;
  alerts!: AlertsPanel;
  runs!: RunsPanel;
  settings!: Settings;
  world!: WorldLayer;
  travel!: TravelLayer;
  print!: PrintLayout;
  builder!: ScenarioBuilder;
  upload!: UploadPreview;

  villages: PagedCollection<AreaProps> | null = null;
  townships: PagedCollection<AreaProps> | null = null;
  counties: PagedCollection<AreaProps> | null = null;
  schools: PagedCollection<SchoolProps> | null = null;
  districts: PagedCollection<DistrictProps> | null = null;
  housing: PagedCollection<HousingProps> | null = null;
  units: PagedCollection<UnitProps> | null = null;
  catchments: PagedCollection<CatchmentProps> | null = null;
  readonly schoolByCode = new Map<string, SchoolProps>();
  readonly areaByCode = new Map<string, { props: AreaProps; geometry: Geometry; km2: number }>();
  private villageKm2 = new Map<string, number>();
  private breaks = new Map<string, number[]>();
  private counts: Partial<Record<LayerId, number | 'loading' | 'failed'>> = {};
  private notes: Partial<Record<LayerId, string>> = {};
  private schoolFigures = new Map<string, CapacityFigure[]>();
  private catchmentFigures = new Map<string, CapacityFigure[]>();
  private demand: Map<string, Partial<Record<Stage, number>>> | null = null;
  private baseDemand: Map<string, Partial<Record<Stage, number>>> | null = null;
  private hasProjection = true;
  private hasEvaluation = true;
  private yearTimer: number | undefined;
  private selectedGeometry: Geometry | null = null;
  private housingYears: number[] = [];

  constructor(private readonly root: HTMLElement) {
    const q = new URLSearchParams(location.search);
    const version = Number(q.get('version'));
    this.state = {
      dataset: q.get('dataset') || 'quzhou',
      version: Number.isInteger(version) && version > 0 ? version : undefined,
      years: [],
      baseYear: new Date().getFullYear(),
      year: new Date().getFullYear(),
      schoolStage: '',
      schoolColour: q.get('colour') === 'alert' ? 'alert' : q.get('colour') === 'prob' ? 'prob' : 'util',
      catchmentStage: 'primary',
      densityStage: '',
      runId: null,
      compareRunId: null,
    };
    this.data = new DataStore(this.state.dataset, this.state.version);
    let stored: string | null = null;
    try {
      stored = localStorage.getItem('edu.lang');
    } catch {
      /* no storage */
    }
    const l = q.get('lang') ?? stored;
    setLang(l === 'en' ? 'en' : 'zh');
  }

  async start(): Promise<void> {
    this.renderShell();
    this.map = new MapView($('#map'));
    this.map.onSelect = (s) => void this.select(s);
    this.world = new WorldLayer(this);
    this.travel = new TravelLayer(this);
    this.print = new PrintLayout(this);
    this.print.install();
    this.details = new Details(this);
    this.settings = new Settings(this);
    this.alerts = new AlertsPanel(this, $('#tab-alerts'));
    this.runs = new RunsPanel(this, $('#tab-runs'));
    this.builder = new ScenarioBuilder(this, $('#tab-build'));
    this.upload = new UploadPreview(this, $('#tab-import'));
    handleUnauthorized(() => this.settings.open(t('settings.unauthorized')));
    for (const row of LAYER_ROWS) if (row.initially) this.map.setVisible(row.id, true);
    this.renderLayerPanel();
    window.addEventListener('resize', () => resizeCharts());
    void this.settings.loadServerConfig();

    try {
      await this.loadBase();
    } catch (e) {
      this.status(
        e instanceof ApiError && e.status === 404
          ? t('app.noVersion', { dataset: this.state.dataset })
          : t('app.loadFailed', { msg: (e as Error).message }),
        'error',
      );
      document.body.dataset.ready = 'error';
      return;
    }
    // Alerts, runs and the population units load after the first render; the map is usable meanwhile.
    void this.loadUnits();
    void this.alerts.load();
    void this.runs.load();
    void this.showRoleTabs();
  }

  /** The population units of the dataset (null when it has none), kept in `units` once in; one fetch however often asked. */
  loadUnits(): Promise<PagedCollection<UnitProps> | null> {
    return this.data.layer<UnitProps>('units').then(
      (u) => (this.units = u),
      () => null,
    );
  }

  /** The builder (planner, admin) and the upload preview (admin) appear only to roles that may use them (GET /me). */
  private async showRoleTabs(): Promise<void> {
    const me = await api.get<{ role: string; mayRun: boolean }>('/me').catch(() => null);
    $('#tab-btn-build').hidden = !me?.mayRun;
    $('#tab-btn-import').hidden = me?.role !== 'admin';
    if (me?.mayRun) await this.builder.load();
    if (me?.role === 'admin') this.upload.render();
  }

  // ---- shell ----

  private renderShell(): void {
    setHtml(
      this.root,
      htmlJoin(
        html`<header class="topbar">
  <div class="brand"><span class="logo" aria-hidden="true"></span><div><h1 data-i18n="app.title"></h1>`,
        html`<small data-i18n="app.subtitle"></small></div></div>
  <div class="badge" id="dataset-badge"></div>
  <div class="year-control">
    <label for="year-slider" data-i18n="app.year"></label>
    <input type="range" id="year-slider" min="0" max="0" value="0" step="1" disabled>
    <output id="year-out"></output><span id="year-rel" class="muted"></span>
  </div>
  <div class="spacer"></div>
  <span id="source-badge" class="badge badge-source"></span>
  <button type="button" id="lang-btn" class="btn btn-ghost"></button>
  <button type="button" id="settings-btn" class="btn btn-ghost"><span class="key-dot"></span>`,
        html`<span data-i18n="app.settings"></span></button>
</header>
<main class="layout">
  <aside class="sidebar">
    <nav class="tabs" role="tablist">
      <button type="button" role="tab" data-tab="layers" class="active" data-i18n="tab.layers"></button>
      <button type="button" role="tab" data-tab="alerts"><span data-i18n="tab.alerts"></span>`,
        html`<span class="tab-count" id="alerts-count"></span></button>
      <button type="button" role="tab" data-tab="runs" data-i18n="tab.runs"></button>
      <button type="button" role="tab" data-tab="build" id="tab-btn-build" hidden>`,
        html`${lang() === 'zh' ? '编辑' : 'Build'}</button>
      <button type="button" role="tab" data-tab="import" id="tab-btn-import" hidden>`,
        html`${lang() === 'zh' ? '导入' : 'Import'}</button>
    </nav>
    <section id="tab-layers" class="tab-body"></section>
    <section id="tab-alerts" class="tab-body" hidden></section>
    <section id="tab-runs" class="tab-body" hidden></section>
    <section id="tab-build" class="tab-body" hidden></section>
    <section id="tab-import" class="tab-body" hidden></section>
  </aside>
  <div class="map-wrap"><div id="map"></div><div id="map-status" class="map-status" hidden></div></div>
  <aside id="details" class="details" hidden>
    <button type="button" class="btn-close" id="details-close" data-i18n-title="app.close">×</button>
    <div id="details-body"></div>
  </aside>
</main>
<div id="compare" class="compare" hidden></div>
<dialog id="settings"></dialog>`,
      ),
    );
    $$('.tabs button').forEach((b) => b.addEventListener('click', () => this.showTab(b.dataset.tab!)));
    $('#lang-btn').addEventListener('click', () => this.switchLang(lang() === 'zh' ? 'en' : 'zh'));
    $('#settings-btn').addEventListener('click', () => this.settings.open());
    $('#details-close').addEventListener('click', () => this.closeDetails());
    const slider = $('#year-slider') as HTMLInputElement;
    slider.addEventListener('input', () => {
      this.state.year = this.state.years[Number(slider.value)] ?? this.state.year;
      this.renderYear();
      window.clearTimeout(this.yearTimer);
      this.yearTimer = window.setTimeout(() => void this.refreshYear(), 90);
    });
    this.applyI18n();
  }

  showTab(tab: string): void {
    $$('.tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
    for (const id of ['layers', 'alerts', 'runs', 'build', 'import']) $(`#tab-${id}`).hidden = id !== tab;
  }

  switchLang(l: Lang): void {
    setLang(l);
    try {
      localStorage.setItem('edu.lang', l);
    } catch {
      /* no storage */
    }
    this.applyI18n();
    this.print.relabel();
    this.renderLayerPanel();
    this.alerts.render();
    this.runs.render();
    this.builder.render();
    if (!$('#tab-btn-import').hidden) this.upload.render();
    $('#tab-btn-build').textContent = l === 'zh' ? '编辑' : 'Build';
    $('#tab-btn-import').textContent = l === 'zh' ? '导入' : 'Import';
    this.details.rerender();
  }

  applyI18n(): void {
    $$('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n as MessageKey)));
    $$('[data-i18n-title]').forEach((el) => (el.title = t(el.dataset.i18nTitle as MessageKey)));
    document.title = `${t('app.title')} · ${t('app.subtitle')}`;
    $('#lang-btn').textContent = t('app.langToggle');
    $('#settings-btn').classList.toggle('has-token', !!getToken());
    $('#settings-btn').title = getToken() ? t('settings.tokenSet') : t('settings.tokenUnset');
    this.renderYear();
    this.renderSource();
    const v = this.schools?.versionId;
    setHtml($('#dataset-badge'), html`${t('app.dataset')} <b>${this.state.dataset}</b>${v ? html` · ${t('app.version')} ${v}` : ''}`);
  }

  status(message: string, kind: 'info' | 'error' = 'info'): void {
    const el = $('#map-status');
    el.hidden = !message;
    el.className = `map-status ${kind}`;
    el.textContent = message;
  }

  private renderYear(): void {
    const { years, year, baseYear } = this.state;
    const slider = $('#year-slider') as HTMLInputElement;
    slider.max = String(Math.max(0, years.length - 1));
    slider.value = String(Math.max(0, years.indexOf(year)));
    slider.disabled = years.length < 2;
    $('#year-out').textContent = String(year);
    $('#year-rel').textContent = year === baseYear ? t('app.baseYear') : t('app.baseYearPlus', { n: year - baseYear });
  }

  renderSource(): void {
    const el = $('#source-badge');
    el.textContent = t('app.source', {
      source: this.state.runId === null ? t('app.sourceBaseline') : t('app.sourceRun', { id: this.state.runId }),
    });
  }

  // ---- loading ----

  private async loadBase(): Promise<void> {
    const t0 = performance.now();
    this.status(t('app.loading'));
    for (const id of ['counties', 'townships', 'villages', 'schools', 'districts', 'housing'] as LayerId[]) this.counts[id] = 'loading';
    this.renderLayerPanel();
    // The population units (552 KB of JSON for the demo) are only read by a village's details: fetched after the first
    // render (loadUnits), not in front of it.
    const [counties, townships, villages, schools, districts, housing, city] = await Promise.all([
      this.data.layer<AreaProps>('areas', { level: 'county' }),
      this.data.layer<AreaProps>('areas', { level: 'township' }),
      this.data.layer<AreaProps>('areas', { level: 'village' }),
      this.data.layer<SchoolProps>('schools'),
      this.data.layer<DistrictProps>('districts'),
      this.data.layer<HousingProps>('housing'),
      this.data.projections({ level: 'city' }),
    ]);
    Object.assign(this, { counties, townships, villages, schools, districts, housing });
    for (const [fc, level] of [
      [counties, 'county'],
      [townships, 'township'],
      [villages, 'village'],
    ] as const) {
      for (const f of fc.features) {
        const km2 = areaKm2(f.geometry);
        this.areaByCode.set(f.properties.code, { props: { ...f.properties, level }, geometry: f.geometry, km2 });
        if (level === 'village') this.villageKm2.set(f.properties.code, km2);
      }
    }
    for (const f of schools.features) this.schoolByCode.set(f.properties.code, f.properties);

    // Years: base year .. base + 12 from the projection; else the evaluation's years; else this year only.
    let years = city ? [...new Set(city.map((f) => f.year))].sort((a, b) => a - b) : [];
    this.hasProjection = !!city;
    if (!years.length) {
      const figs = await this.data.figures({ subjectType: 'city' });
      years = figs ? [...new Set(figs.map((f) => f.year))].sort((a, b) => a - b) : [];
    }
    if (!years.length) years = [new Date().getFullYear()];
    const q = new URLSearchParams(location.search);
    this.state.years = years;
    this.state.baseYear = years[0];
    this.state.year = years.includes(Number(q.get('year'))) ? Number(q.get('year')) : years[0];

    this.map.setAreas('counties', counties);
    this.map.setAreas('townships', townships);
    this.map.setAreas('villages', villages);
    this.map.setSchools(schools);
    this.map.setDistricts(districts);
    this.housingYears = [
      ...new Set(housing.features.map((f) => Math.max(...Object.keys(f.properties.phasing ?? {}).map(Number))).filter(Number.isFinite)),
    ].sort((a, b) => a - b);
    this.map.setHousing(housing, (y) => yearColour(y, this.housingYears));
    this.counts = {
      ...this.counts,
      counties: counties.numberMatched,
      townships: townships.numberMatched,
      villages: villages.numberMatched,
      schools: schools.numberMatched,
      districts: districts.numberMatched,
      housing: housing.numberMatched,
    };
    this.map.fit(counties.features.length ? counties : villages);
    await this.refreshYear();
    this.applyI18n();
    this.status('');
    // Time to first render: from navigation start to the boundaries, villages and schools drawn and coloured.
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    window.__eduFirstRenderMs = performance.now();
    window.__eduLoadMs = performance.now() - t0;
    document.body.dataset.ready = '1';
  }

  /** Fetches the figures of the selected year (cached) and recolours demand and utilisation. */
  async refreshYear(): Promise<void> {
    const { year, runId } = this.state;
    const wantCatchments = this.map.isVisible('catchments');
    const [demand, schoolFigs, catchmentFigs] = await Promise.all([
      this.hasProjection ? this.data.unitDemand(year).catch(() => null) : Promise.resolve(null),
      this.data.figures({ subjectType: 'school', year }, runId).catch(() => null),
      wantCatchments ? this.data.figures({ subjectType: 'catchment', year }, runId).catch(() => null) : Promise.resolve(null),
    ]);
    if (year !== this.state.year || runId !== this.state.runId) return; // a newer move of the slider won
    if (this.hasProjection && !this.baseDemand) this.baseDemand = await this.data.unitDemand(this.state.baseYear).catch(() => null);
    this.demand = demand;
    this.hasEvaluation = schoolFigs !== null;
    this.schoolFigures = groupBySubject(schoolFigs ?? []);
    this.catchmentFigures = groupBySubject(catchmentFigs ?? []);
    this.notes.villages = this.hasProjection ? undefined : t('layer.noProjection');
    this.notes.schools = this.hasEvaluation ? undefined : t('layer.noEvaluation');
    this.restyle();
    this.renderLayerPanel();
    this.details.onYearChange();
  }

  /** Applies the current year, filters and colour choices to every layer without reloading geometry. */
  restyle(): void {
    const { year, densityStage, schoolStage, schoolColour } = this.state;
    const breaks = this.densityBreaksFor(densityStage);
    this.map.styleVillages((code) => this.travel?.fill(code) ?? densityColour(this.density(code), breaks));
    const alertLevels = schoolColour === 'alert' ? this.schoolAlertLevels() : null;
    const probs = schoolColour === 'prob' ? schoolProbabilities(this.alerts.features, year) : null;
    const shown = (code: string) => !schoolStage || (this.schoolByCode.get(code)?.stages ?? []).includes(schoolStage);
    this.map.styleSchools(
      (code) =>
        probs
          ? probColour(probs.get(code))
          : alertLevels
            ? levelColour(alertLevels.get(code) ?? 'none')
            : utilColour(this.schoolUtilisation(code)),
      shown,
    );
    // The count beside the layer is the schools on the map: those of the stage filter.
    if (this.schools) this.counts.schools = this.schools.features.filter((f) => shown(f.properties.code)).length;
    this.map.styleCatchments((code) => {
      const rows = this.catchmentFigures.get(code);
      return rows ? utilColour(ratio(rows)) : '#0f6b8f';
    });
    this.map.styleHousing(year);
    this.world?.onYearChange();
  }

  /** Resident school-age children (all stages or one) per km² of a village in the selected year. */
  density(code: string, demand = this.demand): number | null {
    const d = demand?.get(code);
    const km2 = this.villageKm2.get(code);
    if (!d || !km2) return null;
    const s = this.state.densityStage;
    const n = s ? (d[s] ?? 0) : Object.values(d).reduce((a, b) => a + (b ?? 0), 0);
    return n / km2;
  }

  /** Class breaks from the base year, fixed across years so that a colour means the same density every year. */
  private densityBreaksFor(stage: string): number[] {
    if (!this.baseDemand) return [];
    if (!this.breaks.has(stage))
      this.breaks.set(stage, densityBreaks([...this.villageKm2.keys()].map((c) => this.density(c, this.baseDemand) ?? NaN)));
    return this.breaks.get(stage)!;
  }

  schoolFiguresOf(code: string): CapacityFigure[] {
    const rows = this.schoolFigures.get(code) ?? [];
    return this.state.schoolStage ? rows.filter((r) => r.stage === this.state.schoolStage) : rows;
  }

  schoolUtilisation(code: string): number | null {
    const rows = this.schoolFiguresOf(code);
    return rows.length ? ratio(rows) : null;
  }

  /** The highest level among the filtered alerts with onset by the year, of the school or a catchment it serves. */
  schoolAlertLevels(): Map<string, string> {
    const out = new Map<string, string>();
    const put = (code: string, level: string) => {
      if ((LEVEL_RANK[level] ?? 0) > (LEVEL_RANK[out.get(code) ?? ''] ?? 0)) out.set(code, level);
    };
    for (const f of this.alerts.features) {
      const a = f.properties;
      if (a.onsetYear > this.state.year) continue;
      if (a.subjectType === 'school') put(a.subjectCode, a.level);
      else if (a.subjectType === 'catchment') for (const s of a.details?.schools ?? []) put(s, a.level);
    }
    return out;
  }

  /** Called by the alerts panel when its filtered set changes. */
  onAlertsChanged(features: AlertFeature[]): void {
    this.counts.alerts = this.map.setAlerts(features, (f) => void this.select({ kind: 'alert', feature: f }));
    if (this.state.schoolColour !== 'util') this.restyle();
    this.renderLayerPanel();
  }

  async ensureCatchments(): Promise<void> {
    const stage = this.state.catchmentStage;
    this.counts.catchments = 'loading';
    this.renderLayerPanel();
    try {
      const fc = await this.data.layer<CatchmentProps>('catchments', { stage });
      if (stage !== this.state.catchmentStage) return;
      this.catchments = fc;
      this.map.setCatchments(fc);
      this.counts.catchments = fc.features.filter((f) => f.geometry).length;
      this.catchmentFigures = groupBySubject(
        (await this.data.figures({ subjectType: 'catchment', year: this.state.year }, this.state.runId).catch(() => null)) ?? [],
      );
      this.restyle();
    } catch {
      this.counts.catchments = 'failed';
    }
    this.renderLayerPanel();
  }

  /** Shows the plan of the selected run (and of the compared run B) on the plan layer. */
  async showPlans(): Promise<void> {
    const ids = [this.state.runId, this.state.compareRunId].filter((x): x is number => x !== null);
    if (!ids.length) {
      this.map.setPlans([], () => '');
      await this.world.show(null);
      this.counts.plan = undefined;
      this.renderLayerPanel();
      return;
    }
    this.counts.plan = 'loading';
    this.renderLayerPanel();
    try {
      const plans = await Promise.all(ids.map((id) => this.data.plan(id)));
      const layers = plans.map((fc, i) => ({ fc, colour: i === 0 ? PLAN_COLOURS.a : PLAN_COLOURS.b, tag: i === 0 ? 'a' : 'b' }));
      this.map.setPlans(layers, (code) => this.schoolByCode.get(code)?.name ?? code);
      await this.world.show(this.state.runId);
      this.counts.plan = plans.reduce((n, p) => n + p.features.length, 0);
      if (!this.map.isVisible('plan')) this.map.setVisible('plan', true);
    } catch {
      this.counts.plan = 'failed';
    }
    this.renderLayerPanel();
  }

  /** Switches the figures between the latest evaluation and a run; reloads the colouring. */
  async setRun(runId: number | null): Promise<void> {
    this.state.runId = runId;
    this.renderSource();
    await this.refreshYear();
    await this.showPlans();
  }

  // ---- selection ----

  async select(s: Selection): Promise<void> {
    let geometry: Geometry | null = null;
    if (s.kind === 'school') {
      const sc = this.schoolByCode.get(s.code);
      geometry = this.map.schoolPoint(s.code) ?? (sc ? { type: 'Point', coordinates: [sc.lon, sc.lat] } : null);
    } else if (s.kind === 'area') geometry = this.areaByCode.get(s.code)?.geometry ?? null;
    else if (s.kind === 'catchment') geometry = this.catchments?.features.find((f) => f.properties.code === s.code)?.geometry ?? null;
    else if (s.kind === 'district') geometry = this.districts?.features.find((f) => f.properties.code === s.code)?.geometry ?? null;
    else geometry = s.feature.geometry;
    this.map.showHighlight(geometry);
    this.selectedGeometry = geometry;
    this.world.highlight(s.kind === 'school' ? s.code : null);
    if (s.kind === 'alert') {
      this.map.focus(geometry);
      const a = s.feature.properties;
      if (a.subjectType === 'school') return this.details.show({ kind: 'school', code: a.subjectCode });
      if (a.subjectType === 'catchment') return this.details.show({ kind: 'catchment', code: a.subjectCode }, s.feature);
      if (a.subjectType === 'district') return this.details.show({ kind: 'district', code: a.subjectCode });
      if (this.areaByCode.has(a.subjectCode)) return this.details.show({ kind: 'area', level: a.subjectType, code: a.subjectCode });
      return;
    }
    await this.details.show(s);
  }

  openDetails(): void {
    const el = $('#details');
    if (el.hidden) {
      el.hidden = false;
      requestAnimationFrame(() => this.map.invalidate(this.selectedGeometry));
    }
  }

  closeDetails(): void {
    disposeCharts();
    $('#details').hidden = true;
    this.map.showHighlight(null);
    this.details.current = null;
    requestAnimationFrame(() => this.map.invalidate());
  }

  catchmentGeometry(code: string): Geometry | null {
    return this.catchments?.features.find((f) => f.properties.code === code)?.geometry ?? null;
  }

  // ---- layer panel ----

  renderLayerPanel(): void {
    const el = document.getElementById('tab-layers');
    if (!el) return;
    const rows = LAYER_ROWS.filter((r) => r.id !== 'plan' || this.runs?.available !== false);
    setHtml(
      el,
      html`${rows.map((r) => {
        const on = this.map?.isVisible(r.id) ?? r.initially;
        const c = this.counts[r.id];
        const count =
          c === 'loading' ? t('layer.loading') : c === 'failed' ? t('layer.failed') : c === undefined ? '' : t('layer.count', { n: c });
        return htmlJoin(
          html`<div class="layer-row${on ? ' on' : ''}" data-layer-row="${r.id}">
  <label class="layer-head"><input type="checkbox" data-layer-toggle="${r.id}"${on ? html` checked` : ''}>`,
          html`<span class="layer-name">${t(r.key)}</span><span class="layer-count${c === 'failed' ? ' failed' : ''}"`,
          html` data-count="${r.id}">${count}</span></label>
  `,
          html`${
            on
              ? htmlJoin(
                  html`<div class="layer-body">${this.layerControls(r.id)}`,
                  html`${this.notes[r.id] ? html`<p class="note">${this.notes[r.id]}</p>` : ''}${this.layerLegend(r.id)}</div>`,
                )
              : ''
          }
</div>`,
        );
      })}`,
    );
    $$('[data-layer-toggle]', el).forEach((cb) =>
      cb.addEventListener('change', () => {
        const id = cb.dataset.layerToggle as LayerId;
        this.map.setVisible(id, (cb as HTMLInputElement).checked);
        if (id === 'catchments' && (cb as HTMLInputElement).checked) void this.ensureCatchments();
        this.renderLayerPanel();
      }),
    );
    $$('select[data-control], input[data-control]', el).forEach((c) =>
      c.addEventListener('change', () => {
        const v = (c as HTMLInputElement).value;
        const key = c.dataset.control!;
        if (key === 'schoolStage') this.state.schoolStage = v as Stage | '';
        if (key === 'schoolColour') this.state.schoolColour = v as AppState['schoolColour'];
        if (key === 'densityStage') this.state.densityStage = v as Stage | '';
        if (key === 'catchmentStage') {
          this.state.catchmentStage = v as Stage;
          void this.ensureCatchments();
        }
        this.restyle();
        this.renderLayerPanel();
      }),
    );
    this.travel?.bind(el);
  }

  private stageSelect(
    control: string,
    value: string,
    withAll: boolean,
    stages: Stage[] = ['kindergarten', 'primary', 'junior', 'senior'],
  ): SafeHtml {
    return htmlJoin(
      html`<label class="ctl"><span>${t('layer.stage')}</span>`,
      htmlJoin(
        html`<select data-control="${control}">`,
        html`${withAll ? html`<option value=""${value === '' ? html` selected` : ''}>${t('stage.all')}</option>` : ''}`,
      ),
      html`${stages.map((s) => html`<option value="${s}"${value === s ? html` selected` : ''}>${tk('stage', s)}</option>`)}`,
      html`</select></label>`,
    );
  }

  private layerControls(id: LayerId): SafeHtml {
    const s = this.state;
    if (id === 'villages')
      return html`${this.travel.controls()}${this.travel.active ? '' : this.stageSelect('densityStage', s.densityStage, true)}`;
    if (id === 'catchments') return this.stageSelect('catchmentStage', s.catchmentStage, false, ['kindergarten', 'primary', 'junior']);
    if (id === 'schools')
      return htmlJoin(
        html`${this.stageSelect('schoolStage', s.schoolStage, true)}<div class="ctl radio"><span>${t('layer.colourBy')}`,
        html`</span>
<label><input type="radio" name="schoolColour" data-control="schoolColour" value="util"`,
        html`${s.schoolColour === 'util' ? html` checked` : ''}>${t('layer.byUtilisation')}</label>
<label><input type="radio" name="schoolColour" data-control="schoolColour" value="alert"`,
        html`${s.schoolColour === 'alert' ? html` checked` : ''}>${t('layer.byAlert')}</label>
<label><input type="radio" name="schoolColour" data-control="schoolColour" value="prob"`,
        html`${s.schoolColour === 'prob' ? html` checked` : ''}>${wt('prob.byProb')}</label></div>`,
      );
    return html``;
  }

  private layerLegend(id: LayerId): SafeHtml {
    const { year } = this.state;
    switch (id) {
      case 'counties':
        return lineLegend('#34495e', t('layer.boundary'));
      case 'townships':
        return lineLegend('#6c7a89', t('layer.boundary'), true);
      case 'villages':
        if (this.travel.active) return this.travel.legend();
        return densityLegend(
          this.densityBreaksFor(this.state.densityStage),
          year,
          this.state.densityStage ? tk('stage', this.state.densityStage) : t('stage.all'),
        );
      case 'schools':
        return htmlJoin(
          html`${
            this.state.schoolColour === 'prob'
              ? probLegend(year)
              : this.state.schoolColour === 'alert'
                ? alertLegend(year)
                : utilLegend(year)
          }`,
          html`${sizeLegend()}`,
        );
      case 'catchments':
        return utilLegend(year);
      case 'districts':
        return lineLegend('#c0392b', t('layer.districtLegend'), true);
      case 'housing':
        return yearLegend(this.housingYears, year);
      case 'alerts':
        return html`${alertLegend(year, 'line')}<p class="note">${t('layer.alertsLegend')}</p>`;
      case 'plan':
        return this.world.legend(this.state.runId !== null, this.state.compareRunId !== null, PLAN_COLOURS.a, PLAN_COLOURS.b);
    }
  }

  setAlertsCount(n: number | null): void {
    const el = document.getElementById('alerts-count');
    if (el) el.textContent = n === null ? '' : String(n);
  }
}
