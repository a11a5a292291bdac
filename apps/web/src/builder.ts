import * as L from 'leaflet';
import type { Geometry, Position } from 'geojson';
import {
  createScenarioSchema,
  type CreateScenarioRequest,
  type ScenarioOverrides,
} from '../../../libs/scenarios-model/src/overrides.schema';
import { getToken } from './api';
import type { App } from './app';
import { $, $$, html, htmlJoin, setHtml, type SafeHtml } from './html';
import { lang, num } from './i18n';

/** The builder's own texts (zh first: the page's default language). */
const TEXT = {
  title: ['方案编辑', 'Scenario builder'],
  intro: [
    '在地图上点击学校以撤并、扩班或保留；切换到“放置新校”后点击地图新建学校。',
    'Click a school to close, expand or keep it; switch to "place a new school" and click the map to add one.',
  ],
  name: ['方案名称', 'Scenario name'],
  base: ['基础数据', 'Start from'],
  baseLatest: ['最新版本', 'latest version'],
  adopted: ['采纳方案（运行 #{run}）', 'adopted plan (run #{run})'],
  mode: ['地图点击', 'Map click'],
  modeBrowse: ['浏览', 'browse'],
  modePick: ['选择学校', 'pick a school'],
  modePlace: ['放置新校', 'place a new school'],
  picked: ['已选学校', 'Picked school'],
  pickHint: ['点击地图上的学校。', 'Click a school on the map.'],
  close: ['撤并', 'Close'],
  inYear: ['年份', 'year'],
  expand: ['扩班', 'Expand'],
  classes: ['班数', 'classes'],
  keep: ['保留', 'Keep'],
  changes: ['学校变更', 'School changes'],
  none: ['（无）', '(none)'],
  closeItem: ['撤并 {name}（{year}年）', 'close {name} ({year})'],
  expandItem: ['{name} 增加 {n} 个班', '{name}: {n} more classes'],
  keepItem: ['保留 {name}', 'keep {name}'],
  openItem: ['新建 {name}（{year}年，{n} 个班）', 'new {name} ({year}, {n} classes)'],
  newSchool: ['新学校', 'New school'],
  newName: ['名称', 'name'],
  stages: ['学段', 'stages'],
  primary: ['小学', 'primary'],
  junior: ['初中', 'junior'],
  openYear: ['开办年份', 'opening year'],
  township: ['所在乡镇', 'township'],
  outside: ['（不在任何乡镇内）', '(in no township)'],
  add: ['添加', 'Add'],
  births: ['出生人数倍数', 'Births multiplier'],
  migration: ['迁移倍数', 'Migration multiplier'],
  scopeCity: ['全市', 'city'],
  scopeCounty: ['县（市、区）', 'county'],
  scopeTownship: ['乡镇', 'township'],
  housing: ['住房项目', 'Housing projects'],
  scale: ['规模倍数', 'scale'],
  rephase: ['交付计划', 'phasing'],
  policy: ['政策参数（留空即默认值）', 'Policy (blank = default)'],
  objective: ['优化目标', 'objective'],
  objCost: ['总成本最低', 'lowest cost'],
  objTravel: ['学生路程最短', 'shortest travel'],
  objFewest: ['学校数最少', 'fewest schools'],
  defaultIs: ['默认 {v} — {src}', 'default {v} — {src}'],
  scaleHead: ['规模倍数', 'scale'],
  phasingHead: ['交付计划（年:户）', 'phasing (year:households)'],
  consolidate: ['运行撤并优化', 'run the consolidation optimisation'],
  run: ['创建并运行', 'Create and run'],
  running: ['运行 #{id}：{status}', 'run #{id}: {status}'],
  solver: ['当前解 {inc}，下界 {bound}，差距 {gap}', 'incumbent {inc}, bound {bound}, gap {gap}'],
  created: ['已创建方案 #{id}', 'scenario #{id} created'],
  invalid: ['请求有误：', 'The request is not valid:'],
  forbidden: ['当前令牌无权创建方案（需要规划人员或管理员）。', 'This token may not create scenarios (planner or admin needed).'],
  failed: ['失败：{msg}', 'failed: {msg}'],
  remove: ['移除', 'remove'],
} as const;
type TextKey = keyof typeof TEXT;

function tb(key: TextKey, vars: Record<string, string | number> = {}): string {
  const s: string = TEXT[key][lang() === 'zh' ? 0 : 1];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** Field paths of the API's 400s, named as the form names them. */
const FIELD_NAMES: [RegExp, string, string][] = [
  [/schools\.open\[(\d+)\]\.(lon|lat)/, '新学校 $1 的位置', 'new school $1: position'],
  [/schools\.open\[(\d+)\]\.townshipCode/, '新学校 $1 的乡镇', 'new school $1: township'],
  [/schools\.open\[(\d+)\]\.openYear/, '新学校 $1 的开办年份', 'new school $1: opening year'],
  [/schools\.open\[(\d+)\]\.code/, '新学校 $1 的代码', 'new school $1: code'],
  [/schools\.open\[(\d+)\]/, '新学校 $1', 'new school $1'],
  [/schools\.close\[(\d+)\]/, '撤并第 $1 项', 'closure $1'],
  [/schools\.expand\[(\d+)\]/, '扩班第 $1 项', 'expansion $1'],
  [/births\.multipliers/, '出生人数倍数', 'births multiplier'],
  [/migration\.multipliers/, '迁移倍数', 'migration multiplier'],
  [/housing\.(scale|rephase)\[(\d+)\]/, '住房项目', 'housing project'],
  [/policy\.(\w+)/, '政策参数 $1', 'policy $1'],
];

/** The API's English messages for the fields this form sends, in Chinese. */
const MESSAGES_ZH: [RegExp, string][] = [
  [/^\((-?[\d.]+), (-?[\d.]+)\) is outside township (\S+) \((.*)\)$/, '($1, $2) 不在乡镇 $3（$4）范围内'],
  [/^unknown (school|township|county|housing project|district|unit|catchment) "(.*)"$/, '未知的$1“$2”'],
  [/^year (\d+) is outside the projection horizon (\d+)-(\d+)$/, '$1年超出预测期 $2–$3 年'],
  [/^phasing adds up to (\d+), not (\d+)$/, '交付计划合计 $1 户，应为 $2 户'],
  [/^name: a scenario needs a name/, '名称：方案需要名称（1-200 个字符）'],
  [/^school "(.*)" is also in mustKeep$/, '学校“$1”同时被要求保留'],
  [/^yellow must start below red$/, '黄色预警阈值须低于红色'],
  [/already exists/, '代码已存在'],
];
const WHAT_ZH: Record<string, string> = {
  school: '学校',
  township: '乡镇',
  county: '县（市、区）',
  'housing project': '住房项目',
  district: '片区',
  unit: '人口单元',
  catchment: '学区',
};

/** One API problem in the page's language: "field: message". */
export function problemText(field: string, message: string): string {
  const zh = lang() === 'zh';
  let name = field.replace(/^overrides\./, '');
  for (const [re, z, e] of FIELD_NAMES) {
    const m = name.match(re);
    if (m) {
      name = (zh ? z : e).replace(/\$(\d)/g, (_, i: string) =>
        /^\d+$/.test(m[Number(i)] ?? '') ? String(Number(m[Number(i)]) + 1) : (m[Number(i)] ?? ''),
      );
      break;
    }
  }
  let msg = message;
  if (zh) {
    for (const [re, z] of MESSAGES_ZH) {
      if (re.test(message)) {
        msg = message.replace(re, z).replace(/未知的(\w[\w ]*)“/, (_, w: string) => `未知的${WHAT_ZH[w] ?? w}“`);
        break;
      }
    }
  }
  return `${name}：${msg}`.replace('：', zh ? '：' : ': ');
}

function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inGeometry(p: Position, g: Geometry): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  return polys.some((rings) => inRing(p, rings[0]) && !rings.slice(1).some((h) => inRing(p, h)));
}

interface PolicyDefault {
  field: string;
  value: number | string;
  unit: string | null;
  source: string;
  sourceZh: string;
}

/** Policy fields and units as the form names them. */
const POLICY_LABELS: Record<string, [string, string]> = {
  targetYear: ['目标年份', 'target year'],
  maxSmallSchools: ['小规模学校上限（所）', 'small-school cap'],
  smallSchoolThreshold: ['小规模学校标准（人以下）', 'small-school threshold (pupils)'],
  dayTravelKm: ['走读最远路程（公里）', 'day travel limit (km)'],
  boardingTravelKm: ['寄宿最远路程（公里）', 'boarding travel limit (km)'],
  closuresPerCountyPerYear: ['每县每年最多撤并（所）', 'closures per county per year'],
  travelCostPerPupilKm: ['路程成本（元/人·公里·年）', 'travel cost (CNY/pupil-km/year)'],
  fixedCostPerSchool: ['校点运行成本（元/年）', 'site running cost (CNY/year)'],
  expansionCostPerClass: ['扩班成本（元/班·年）', 'added class cost (CNY/class-year)'],
  moveCostPerPupil: ['转学成本（元/人）', 'move cost (CNY/pupil)'],
  solverGap: ['求解相对差距', 'solver gap'],
  solverTimeLimitS: ['求解时限（秒）', 'solver time limit (s)'],
};
interface NewSchool {
  code: string;
  name: string;
  stages: ('primary' | 'junior')[];
  lon: number;
  lat: number;
  townshipCode: string;
  classes: number;
  openYear: number;
}
type Scope = 'city' | 'county' | 'township';
interface Multiplier {
  scope: Scope;
  code: string;
  value: string;
}
interface RunState {
  id: number;
  status: string;
  progress?: {
    steps: {
      name: string;
      state: string;
      progress: number;
      message?: string;
      solver?: { incumbent: number | null; bound: number | null; gap: number | null };
    }[];
  };
  error?: { step: string; message: string } | null;
}

const FINAL = new Set(['completed', 'failed', 'cancelled', 'infeasible']);
const POLICY_NUMBERS = [
  'targetYear',
  'maxSmallSchools',
  'smallSchoolThreshold',
  'dayTravelKm',
  'boardingTravelKm',
  'closuresPerCountyPerYear',
  'travelCostPerPupilKm',
  'fixedCostPerSchool',
  'expansionCostPerClass',
  'moveCostPerPupil',
  'solverGap',
  'solverTimeLimitS',
];
const INTEGER_FIELDS = new Set(['targetYear', 'maxSmallSchools', 'smallSchoolThreshold', 'closuresPerCountyPerYear', 'solverTimeLimitS']);

/** Raw fetch: the builder needs a 400's `problems` (field by field), which the shared client folds into one line. */
async function call<T>(method: string, path: string, body?: unknown): Promise<{ ok: boolean; status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (getToken()) headers.Authorization = `Bearer ${getToken()}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep the text */
  }
  return { ok: res.ok, status: res.status, body: parsed as T };
}

/**
 * The scenario builder tab (planner and admin): the draft is kept here and sent as the `POST /scenarios` body, checked
 * first against the same zod schema the API publishes in /docs.
 */
export class ScenarioBuilder {
  private mode: 'browse' | 'pick' | 'place' = 'browse';
  private picked: string | null = null;
  private pending: { lon: number; lat: number; township: string | null } | null = null;
  private readonly close = new Map<string, number>();
  private readonly expand = new Map<string, number>();
  private readonly keep = new Set<string>();
  private readonly open: NewSchool[] = [];
  private births: Multiplier = { scope: 'city', code: '', value: '' };
  private migration: Multiplier = { scope: 'city', code: '', value: '' };
  private readonly housingScale = new Map<string, number>();
  private readonly rephase = new Map<string, string>();
  private policy: Record<string, string> = {};
  private consolidate = true;
  private name = '';
  private baseVersionId: number | null = null;
  private versions: { id: number; label: string; summary?: { adoptedFrom?: { runId?: number } } }[] = [];
  private defaults: PolicyDefault[] = [];
  private objectives: Record<string, Record<string, number>> = {};
  private messages: { text: string; kind: 'error' | 'info' }[] = [];
  private run: RunState | null = null;
  private markers: L.LayerGroup;
  private pollTimer: number | undefined;

  constructor(
    private readonly app: App,
    private readonly el: HTMLElement,
  ) {
    this.markers = L.layerGroup().addTo(app.map.map);
    // Capture phase: while picking or placing, a click on the map is the builder's, not the details panel's.
    app.map.map.getContainer().addEventListener('click', (ev) => this.onMapClick(ev), true);
  }

  async load(): Promise<void> {
    const [versions, defaults] = await Promise.all([
      call<{ id: number; label: string; datasetName: string; summary?: { adoptedFrom?: { runId?: number } } }[]>('GET', `/datasets`),
      call<{ policy: PolicyDefault[]; objectives: Record<string, Record<string, number>> }>('GET', '/scenarios/defaults'),
    ]);
    if (versions.ok && Array.isArray(versions.body)) this.versions = versions.body.filter((v) => v.datasetName === this.app.state.dataset);
    if (defaults.ok) {
      this.defaults = defaults.body.policy;
      this.objectives = defaults.body.objectives;
    }
    this.render();
  }

  private onMapClick(ev: MouseEvent): void {
    if (this.mode === 'browse' || this.el.hidden) return;
    const target = ev.target as Element | null;
    if (this.mode === 'pick') {
      const code = target?.closest('[data-layer="schools"]')?.getAttribute('data-code');
      if (!code) return;
      ev.stopPropagation();
      this.picked = code;
    } else {
      if (target?.closest('.leaflet-control')) return;
      ev.stopPropagation();
      const ll = this.app.map.map.mouseEventToLatLng(ev);
      const p: Position = [Number(ll.lng.toFixed(6)), Number(ll.lat.toFixed(6))];
      let township: string | null = null;
      for (const [code, a] of this.app.areaByCode) if (a.props.level === 'township' && inGeometry(p, a.geometry)) township = code;
      this.pending = { lon: p[0], lat: p[1], township };
    }
    this.render();
  }

  private schoolName(code: string): string {
    return this.app.schoolByCode.get(code)?.name ?? this.open.find((s) => s.code === code)?.name ?? code;
  }

  private areas(level: 'county' | 'township'): { code: string; name: string }[] {
    return [...this.app.areaByCode.entries()].filter(([, a]) => a.props.level === level).map(([code, a]) => ({ code, name: a.props.name }));
  }

  /** The request as the API's schema defines it. */
  request(): CreateScenarioRequest {
    const o: ScenarioOverrides = {};
    const schools: NonNullable<ScenarioOverrides['schools']> = {};
    if (this.close.size) schools.close = [...this.close].map(([code, year]) => ({ code, year }));
    if (this.expand.size) schools.expand = [...this.expand].map(([code, classes]) => ({ code, classes }));
    if (this.open.length) schools.open = this.open.map((s) => ({ ...s, boardingPlaces: 0, joinCatchments: [] }));
    if (Object.keys(schools).length) o.schools = schools;
    const mult = (m: Multiplier) => {
      const v = Number(m.value);
      if (m.value === '' || !Number.isFinite(v)) return undefined;
      return m.scope === 'city' ? { all: v } : { [m.scope]: { [m.code]: v } };
    };
    const b = mult(this.births);
    if (b) o.births = { multipliers: b };
    const mg = mult(this.migration);
    if (mg) o.migration = { multipliers: mg };
    const housing: NonNullable<ScenarioOverrides['housing']> = {};
    if (this.housingScale.size) housing.scale = [...this.housingScale].map(([code, factor]) => ({ code, factor }));
    if (this.rephase.size) {
      housing.rephase = [...this.rephase].map(([code, text]) => ({
        code,
        phasing: Object.fromEntries(
          text
            .split(/[;；,，\s]+/)
            .filter(Boolean)
            .map((part) => part.split(/[:：]/))
            .map(([y, n]) => [y, Number(n)]),
        ),
      }));
    }
    if (Object.keys(housing).length) o.housing = housing;
    const policy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.policy)) {
      if (v === '') continue;
      policy[k] = k === 'objective' ? v : Number(v);
    }
    if (this.keep.size) policy.mustKeep = [...this.keep];
    if (Object.keys(policy).length) o.policy = policy as ScenarioOverrides['policy'];
    if (this.consolidate) o.consolidate = true;
    return {
      name: this.name.trim(),
      dataset: this.app.state.dataset,
      ...(this.baseVersionId ? { baseVersionId: this.baseVersionId } : {}),
      overrides: o,
    };
  }

  private async submit(): Promise<void> {
    this.messages = [];
    const body = this.request();
    const checked = createScenarioSchema.safeParse(body);
    if (!checked.success) {
      this.messages = [
        { text: tb('invalid'), kind: 'error' },
        ...checked.error.issues.map((i) => ({ text: problemText(i.path.join('.'), i.message), kind: 'error' as const })),
      ];
      this.render();
      return;
    }
    const created = await call<{ id: number; message?: string; problems?: { field: string; message: string }[] }>(
      'POST',
      '/scenarios',
      checked.data,
    );
    if (!created.ok) {
      this.messages = this.refusal(created.status, created.body);
      this.render();
      return;
    }
    this.messages = [{ text: tb('created', { id: created.body.id }), kind: 'info' }];
    const started = await call<{ id?: number; runId?: number; message?: string }>('POST', `/scenarios/${created.body.id}/runs`, {
      consolidate: this.consolidate,
    });
    if (!started.ok) {
      this.messages = this.refusal(started.status, started.body);
      this.render();
      return;
    }
    const id = started.body.runId ?? started.body.id;
    if (typeof id !== 'number') return;
    this.run = { id, status: 'queued' };
    this.render();
    await this.poll(id);
  }

  private refusal(status: number, body: unknown): { text: string; kind: 'error' }[] {
    if (status === 403) return [{ text: tb('forbidden'), kind: 'error' }];
    const b = (body ?? {}) as { message?: unknown; problems?: { field: string; message: string }[] };
    if (b.problems?.length)
      return [
        { text: tb('invalid'), kind: 'error' },
        ...b.problems.map((p) => ({ text: problemText(p.field, p.message), kind: 'error' as const })),
      ];
    const msg = Array.isArray(b.message) ? b.message.join('; ') : String(b.message ?? `HTTP ${status}`);
    const field = msg.match(/^(\w[\w.[\]]*): (.*)$/);
    return [{ text: field ? problemText(field[1], field[2]) : tb('failed', { msg }), kind: 'error' }];
  }

  /** Polls the run once a second until it is final, then shows its results in the runs tab. */
  private async poll(id: number): Promise<void> {
    const r = await call<RunState>('GET', `/runs/${id}`);
    if (r.ok) this.run = r.body;
    this.render();
    if (r.ok && FINAL.has(r.body.status)) {
      this.app.showTab('runs');
      // The runs list was loaded before this run existed: reload it so the picker and the title name the new run.
      await this.app.runs.load();
      await this.app.runs.pick(id);
      return;
    }
    await new Promise<void>((ok) => (this.pollTimer = window.setTimeout(ok, 1000)));
    await this.poll(id);
  }

  private drawMarkers(): void {
    this.markers.clearLayers();
    const icon = (cls: string, text: string) =>
      L.divIcon({ className: `builder-mark ${cls}`, html: `<span>${text}</span>`, iconSize: [22, 22] });
    for (const s of this.open)
      L.marker([s.lat, s.lon], { icon: icon('builder-new', '+'), keyboard: false, interactive: false }).addTo(this.markers);
    if (this.pending)
      L.marker([this.pending.lat, this.pending.lon], { icon: icon('builder-pending', '?'), keyboard: false, interactive: false }).addTo(
        this.markers,
      );
    for (const code of this.close.keys()) {
      const f = this.app.schools?.features.find((x) => x.properties.code === code);
      if (f?.geometry.type === 'Point')
        L.marker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
          icon: icon('builder-close', '✕'),
          keyboard: false,
          interactive: false,
        }).addTo(this.markers);
    }
  }

  private multiplierRow(id: 'births' | 'migration', m: Multiplier): SafeHtml {
    const codes = m.scope === 'city' ? [] : this.areas(m.scope);
    return htmlJoin(
      html`<div class="builder-row" id="b-${id}">
  <select data-m="${id}" data-part="scope">`,
      html`${(['city', 'county', 'township'] as Scope[]).map((s) =>
        htmlJoin(
          html`<option value="${s}"${s === m.scope ? html` selected` : ''}>`,
          html`${tb(s === 'city' ? 'scopeCity' : s === 'county' ? 'scopeCounty' : 'scopeTownship')}</option>`,
        ),
      )}`,
      html`</select>
  `,
      html`${
        codes.length
          ? htmlJoin(
              html`<select data-m="${id}" data-part="code">`,
              html`${codes.map((c) => html`<option value="${c.code}"${c.code === m.code ? html` selected` : ''}>${c.name}</option>`)}`,
              html`</select>`,
            )
          : ''
      }
  <input type="number" step="0.01" min="0" max="10" data-m="${id}" data-part="value"`,
      html` value="${m.value}" placeholder="1.00">
</div>`,
    );
  }

  render(): void {
    if (!this.app.map) return;
    this.drawMarkers();
    const school = this.picked ? this.app.schoolByCode.get(this.picked) : undefined;
    const year = this.app.state.baseYear + 1;
    const items: SafeHtml[] = [
      ...[...this.close].map(([c, y]) =>
        htmlJoin(
          html`<li data-kind="close" data-code="${c}">${tb('closeItem', { name: this.schoolName(c), year: y })} `,
          html`<button type="button" class="btn-link" data-remove="close:${c}">${tb('remove')}</button></li>`,
        ),
      ),
      ...[...this.expand].map(([c, n]) =>
        htmlJoin(
          html`<li data-kind="expand" data-code="${c}">${tb('expandItem', { name: this.schoolName(c), n })} `,
          html`<button type="button" class="btn-link" data-remove="expand:${c}">${tb('remove')}</button></li>`,
        ),
      ),
      ...[...this.keep].map((c) =>
        htmlJoin(
          html`<li data-kind="keep" data-code="${c}">${tb('keepItem', { name: this.schoolName(c) })} `,
          html`<button type="button" class="btn-link" data-remove="keep:${c}">${tb('remove')}</button></li>`,
        ),
      ),
      ...this.open.map((s) =>
        htmlJoin(
          html`<li data-kind="open" data-code="${s.code}">${tb('openItem', { name: s.name, year: s.openYear, n: s.classes })}`,
          html` <button type="button" class="btn-link" data-remove="open:${s.code}">${tb('remove')}</button></li>`,
        ),
      ),
    ];
    const housing = this.app.housing?.features.map((f) => f.properties) ?? [];
    // A cost weight's default is the chosen objective's weight (travel: no site cost), the rest as the API resolves them.
    const objectiveWeights = this.objectives[this.policy.objective || 'cost'] ?? {};
    const def = (field: string): PolicyDefault | undefined => {
      const d = this.defaults.find((x) => x.field === field);
      const w = objectiveWeights[field];
      if (!d || w === undefined || w === d.value) return d;
      const name = tb(this.policy.objective === 'travel' ? 'objTravel' : 'objFewest');
      return { ...d, value: w, source: `weight of the objective "${name}"`, sourceZh: `优化目标“${name}”的权重` };
    };
    const solver = this.run?.progress?.steps.find((s) => s.solver)?.solver;
    const fmtGap = (g: number | null | undefined) => (g === null || g === undefined ? '–' : `${(g * 100).toFixed(2)}%`);
    const township = this.pending?.township ? this.app.areaByCode.get(this.pending.township)?.props.name : null;
    // The panel's open state is read from the element at each re-render, not kept from 'toggle' events: that event is
    // queued as a task, so a re-render started inside the open panel (the objective re-renders) could run before it.
    const policyOpen = this.el.querySelector<HTMLDetailsElement>('#b-policy')?.open ?? false;
    setHtml(
      this.el,
      htmlJoin(
        html`<section class="builder" id="builder">
  <h3>${tb('title')}</h3>
  <p class="muted">${tb('intro')}</p>
  <label class="ctl block"><span>${tb('name')}</span>`,
        html`<input type="text" id="b-name" maxlength="200" value="${this.name}"></label>
  <label class="ctl block"><span>${tb('base')}</span><select id="b-base"><option value="">${tb('baseLatest')}`,
        html`</option>`,
        html`${this.versions.map((v) =>
          htmlJoin(
            html`<option value="${v.id}"${v.id === this.baseVersionId ? html` selected` : ''}>#${v.id} `,
            html`${v.summary?.adoptedFrom?.runId ? tb('adopted', { run: v.summary.adoptedFrom.runId }) : v.label}</option>`,
          ),
        )}`,
        html`</select></label>
  <div class="ctl"><span>${tb('mode')}</span>`,
        htmlJoin(
          html`<div class="radio" id="b-mode">`,
          html`${(['browse', 'pick', 'place'] as const).map((m) =>
            htmlJoin(
              html`<label><input type="radio" name="b-mode" value="${m}"${m === this.mode ? html` checked` : ''}> `,
              html`${tb(m === 'browse' ? 'modeBrowse' : m === 'pick' ? 'modePick' : 'modePlace')}</label>`,
            ),
          )}`,
        ),
        html`</div></div>
  `,
        html`${
          this.mode === 'pick'
            ? htmlJoin(
                html`<div class="builder-box" id="b-picked">`,
                html`${
                  school
                    ? htmlJoin(
                        html`<b>${school.name}</b> <span class="muted">${school.code}</span>
    <div class="builder-row"><button type="button" class="btn" id="b-close">${tb('close')}</button>`,
                        html`<label>${tb('inYear')} <input type="number" id="b-close-year" min="2000" max="2100" value="${year}"></label>`,
                        html`</div>
    <div class="builder-row"><button type="button" class="btn" id="b-expand">${tb('expand')}</button>`,
                        html`<label>${tb('classes')} <input type="number" id="b-expand-classes" min="1" max="100" value="2"></label></div>
    <div class="builder-row"><button type="button" class="btn" id="b-keep">${tb('keep')}</button></div>`,
                      )
                    : html`<span class="muted">${tb('pickHint')}</span>`
                }`,
                html`</div>`,
              )
            : ''
        }
  `,
        html`${
          this.pending
            ? htmlJoin(
                html`<form class="builder-box" id="b-new">
    <b>${tb('newSchool')}</b> <span class="muted">${this.pending.lon.toFixed(4)}, `,
                html`${this.pending.lat.toFixed(4)} · ${tb('township')}: ${township ?? tb('outside')}</span>
    <label class="ctl"><span>${tb('newName')}</span><input type="text" name="name" maxlength="200" required>`,
                html`</label>
    <div class="ctl"><span>${tb('stages')}</span><label>`,
                html`<input type="checkbox" name="primary" checked> ${tb('primary')}</label><label>`,
                html`<input type="checkbox" name="junior"> ${tb('junior')}</label></div>
    <label class="ctl"><span>${tb('classes')}</span>`,
                html`<input type="number" name="classes" min="1" max="200" value="12"></label>
    <label class="ctl"><span>${tb('openYear')}</span>`,
                html`<input type="number" name="openYear" min="2000" max="2100" value="${year + 1}"></label>
    <button type="submit" class="btn">${tb('add')}</button>
  </form>`,
              )
            : ''
        }
  <h4>${tb('changes')}</h4>
  <ul class="builder-list" id="b-changes">${items.length ? items : html`<li class="muted">${tb('none')}</li>`}`,
        html`</ul>
  <h4>${tb('births')}</h4>${this.multiplierRow('births', this.births)}
  <h4>${tb('migration')}</h4>${this.multiplierRow('migration', this.migration)}
  `,
        html`${
          housing.length
            ? htmlJoin(
                html`<h4>${tb('housing')}</h4><table class="grid-table builder-housing"><thead><tr><th></th><th>${tb('scaleHead')}`,
                html`</th><th>${tb('phasingHead')}</th></tr></thead>`,
                htmlJoin(
                  html`<tbody>`,
                  html`${housing.map((h) =>
                    htmlJoin(
                      html`<tr><th>${h.name}</th><td><input type="number" step="0.1" min="0" max="10" data-scale="${h.code}"`,
                      html` placeholder="1.0" value="${this.housingScale.get(h.code) ?? ''}" title="${tb('scale')}"></td><td>`,
                      html`<input type="text" data-rephase="${h.code}" placeholder="`,
                      html`${Object.entries(h.phasing ?? {})
                        .map(([y, n]) => `${y}:${n}`)
                        .join(';')}" `,
                      html`value="${this.rephase.get(h.code) ?? ''}" title="${tb('rephase')}"></td></tr>`,
                    ),
                  )}`,
                ),
                html`</tbody></table>`,
              )
            : ''
        }
  <details class="builder-policy" id="b-policy"${policyOpen ? html` open` : ''}><summary>${tb('policy')}`,
        html`</summary>
    <label class="ctl block"><span>${tb('objective')}</span><select data-policy="objective">`,
        html`<option value="">${tb('objCost')} (${lang() === 'zh' ? '默认' : 'default'})`,
        htmlJoin(
          html`</option>`,
          html`${(['cost', 'travel', 'fewest_schools'] as const).map((o) =>
            htmlJoin(
              html`<option value="${o}"${this.policy.objective === o ? html` selected` : ''}>`,
              html`${tb(o === 'cost' ? 'objCost' : o === 'travel' ? 'objTravel' : 'objFewest')}</option>`,
            ),
          )}`,
        ),
        html`</select></label>
    `,
        html`${POLICY_NUMBERS.map((f) => {
          const d = def(f);
          const label = POLICY_LABELS[f]?.[lang() === 'zh' ? 0 : 1] ?? f;
          return htmlJoin(
            html`<label class="ctl block policy-field" data-field="${f}" title="${d?.source ?? ''}"><span>${label}</span>`,
            html`<input type="number" step="${INTEGER_FIELDS.has(f) ? '1' : 'any'}" data-policy="${f}" value="`,
            html`${this.policy[f] ?? ''}" placeholder="${d ? String(d.value) : ''}">`,
            htmlJoin(
              html`<small class="muted source">`,
              html`${
                d
                  ? tb('defaultIs', {
                      v: typeof d.value !== 'number' || d.unit === 'year' ? String(d.value) : num(d.value, d.value % 1 ? 3 : 0),
                      src: lang() === 'zh' ? d.sourceZh : d.source,
                    })
                  : ''
              }`,
            ),
            html`</small></label>`,
          );
        })}
  </details>
  <label class="ctl"><input type="checkbox" id="b-consolidate"${this.consolidate ? html` checked` : ''}> `,
        html`${tb('consolidate')}</label>
  <button type="button" class="btn btn-primary" id="b-run"`,
        html`${this.run && !FINAL.has(this.run.status) ? html` disabled` : ''}>${tb('run')}</button>
  <div id="b-messages">${this.messages.map((m) => html`<p class="${m.kind}">${m.text}</p>`)}</div>
  `,
        html`${
          this.run
            ? htmlJoin(
                html`<div class="builder-box" id="b-progress" data-status="${this.run.status}">`,
                html`<b>${tb('running', { id: this.run.id, status: this.run.status })}</b>
    <ul class="steps">`,
                html`${(this.run.progress?.steps ?? []).map((s) =>
                  htmlJoin(
                    html`<li class="step-${s.state}" data-step="${s.name}"><span>${s.name}</span>`,
                    html`<progress max="100" value="${s.progress ?? 0}"></progress></li>`,
                  ),
                )}`,
                html`</ul>
    `,
                htmlJoin(
                  html`${
                    solver
                      ? htmlJoin(
                          html`<p id="b-solver">`,
                          html`${tb('solver', {
                            inc: solver.incumbent === null ? '–' : num(solver.incumbent),
                            bound: solver.bound === null ? '–' : num(solver.bound),
                            gap: fmtGap(solver.gap),
                          })}`,
                          html`</p>`,
                        )
                      : ''
                  }
    `,
                  html`${this.run.error ? html`<p class="error">${this.run.error.step}: ${this.run.error.message}</p>` : ''}`,
                ),
                html`</div>`,
              )
            : ''
        }
</section>`,
      ),
    );
    this.bind();
  }

  private bind(): void {
    const root = this.el;
    $('#b-name', root).addEventListener('input', (e) => (this.name = (e.target as HTMLInputElement).value));
    $('#b-base', root).addEventListener('change', (e) => (this.baseVersionId = Number((e.target as HTMLSelectElement).value) || null));
    $$('input[name=b-mode]', root).forEach((r) =>
      r.addEventListener('change', () => {
        this.mode = (r as HTMLInputElement).value as 'browse' | 'pick' | 'place';
        this.app.map.map.getContainer().classList.toggle('builder-placing', this.mode === 'place');
        this.render();
      }),
    );
    const picked = this.picked;
    if (picked) {
      root.querySelector('#b-close')?.addEventListener('click', () => {
        this.close.set(picked, Number(($('#b-close-year', root) as HTMLInputElement).value));
        this.keep.delete(picked);
        this.render();
      });
      root.querySelector('#b-expand')?.addEventListener('click', () => {
        this.expand.set(picked, Number(($('#b-expand-classes', root) as HTMLInputElement).value));
        this.render();
      });
      root.querySelector('#b-keep')?.addEventListener('click', () => {
        this.keep.add(picked);
        this.close.delete(picked);
        this.render();
      });
    }
    root.querySelector('#b-new')?.addEventListener('submit', (e) => {
      e.preventDefault();
      const fd = new FormData(e.target as HTMLFormElement);
      const p = this.pending;
      if (!p) return;
      // A code no school of the base (an adopted plan may hold earlier new schools) or of this draft uses.
      let n = this.open.length + 1;
      const taken = (c: string) => this.app.schoolByCode.has(c) || this.open.some((x) => x.code === c);
      while (taken(`NEW${String(n).padStart(3, '0')}`)) n++;
      this.open.push({
        code: `NEW${String(n).padStart(3, '0')}`,
        name: String(fd.get('name') ?? '').trim(),
        stages: [...(fd.get('primary') ? ['primary' as const] : []), ...(fd.get('junior') ? ['junior' as const] : [])],
        lon: p.lon,
        lat: p.lat,
        townshipCode: p.township ?? '',
        classes: Number(fd.get('classes')),
        openYear: Number(fd.get('openYear')),
      });
      this.pending = null;
      this.render();
    });
    $$('[data-remove]', root).forEach((b) =>
      b.addEventListener('click', () => {
        const [kind, code] = b.dataset.remove!.split(':');
        if (kind === 'close') this.close.delete(code);
        if (kind === 'expand') this.expand.delete(code);
        if (kind === 'keep') this.keep.delete(code);
        if (kind === 'open')
          this.open.splice(
            this.open.findIndex((s) => s.code === code),
            1,
          );
        this.render();
      }),
    );
    $$('[data-m]', root).forEach((el) =>
      el.addEventListener('change', () => {
        const m = el.dataset.m === 'births' ? this.births : this.migration;
        const v = (el as HTMLInputElement | HTMLSelectElement).value;
        if (el.dataset.part === 'scope') {
          m.scope = v as Scope;
          m.code = m.scope === 'city' ? '' : (this.areas(m.scope)[0]?.code ?? '');
          this.render();
        } else if (el.dataset.part === 'code') m.code = v;
        else m.value = v;
      }),
    );
    $$('[data-scale]', root).forEach((el) =>
      el.addEventListener('change', () => {
        const v = (el as HTMLInputElement).value;
        if (v === '') this.housingScale.delete(el.dataset.scale!);
        else this.housingScale.set(el.dataset.scale!, Number(v));
      }),
    );
    $$('[data-rephase]', root).forEach((el) =>
      el.addEventListener('change', () => {
        const v = (el as HTMLInputElement).value.trim();
        if (v === '') this.rephase.delete(el.dataset.rephase!);
        else this.rephase.set(el.dataset.rephase!, v);
      }),
    );
    $$('[data-policy]', root).forEach((el) =>
      el.addEventListener('change', () => {
        this.policy[el.dataset.policy!] = (el as HTMLInputElement).value;
        // The weights' defaults follow the objective.
        if (el.dataset.policy === 'objective') this.render();
      }),
    );
    $('#b-consolidate', root).addEventListener('change', (e) => (this.consolidate = (e.target as HTMLInputElement).checked));
    $('#b-run', root).addEventListener('click', () => void this.submit());
  }

  /** Stops polling (the page is leaving or the tab is rebuilt). */
  dispose(): void {
    window.clearTimeout(this.pollTimer);
  }
}
