import * as L from 'leaflet';
import { api, ApiError, getToken, type SchoolProps, type Stage } from './api';
import type { App } from './app';
import { ClosuresTable } from './closures-table';
import { $, $$, esc, html, htmlJoin, setHtml, type SafeHtml } from './html';
import { num } from './i18n';
import { wt, wtk } from './world-i18n';
import './world.css';

/** A plan row of GET /runs/:id/results?table=plan (libs/consolidation VillagePlan): one unit band's pupils. */
export interface PlanRow {
  unitCode: string;
  unitName: string;
  stage: string;
  fromSchool: string | null;
  toSchool: string;
  year: number | null;
  reason: string | null;
  pupils: number;
  moved: boolean;
  travelBeforeKm: number | null;
  travelAfterKm: number;
  travelBeforeMinutes: number | null;
  travelAfterMinutes: number | null;
}

interface ClosureDecision {
  schoolCode: string;
  year?: number;
  reason?: string;
}

interface NewSchool {
  code: string;
  name: string;
  stages: Stage[];
  lon: number;
  lat: number;
  townshipCode: string;
  classes: number;
  classSizeNorm?: number;
  openYear: number;
  boardingPlaces?: number;
}

/** One closed school of a run with where its pupils go: a row of the closures table. */
export interface ClosureRow {
  code: string;
  name: string;
  year: number;
  reason: string;
  receiving: { code: string; name: string; pupils: number }[];
  /** Pupils the plan moves away from it (the plan's target-year count, summed over its units and bands). */
  pupils: number;
  /** Pupil-weighted mean travel to the school before and to the receiving school after (null: not known). */
  beforeKm: number | null;
  afterKm: number | null;
  beforeMin: number | null;
  afterMin: number | null;
  /** Whether the consolidation plan holds the school (it then has a dossier). */
  inPlan: boolean;
}

/** Target-year pupils of a closed school that the run's world re-seated at another school (`GET /runs/:id` world). */
export interface Reseated {
  fromSchool: string;
  toSchool: string;
  stage: string;
  pupils: number;
}

/** What the page shows of one run's world. */
export interface WorldData {
  runId: number;
  targetYear: number;
  closures: Map<string, { year: number; reason: string }>;
  newSchools: NewSchool[];
  rows: ClosureRow[];
  /** Pupils each receiving school takes from others (every move reason). */
  received: Map<string, number>;
}

const REASON_STYLE: Record<string, string | undefined> = { closure: undefined, merge: '10 5', teaching_point: '6 3 1 3', rezoning: '2 5' };

/** Dash pattern of a transfer line by its reason (solid for a closure). */
export function reasonDash(reason: string | null | undefined): string | undefined {
  return REASON_STYLE[reason ?? 'closure'];
}

function weighted(rows: PlanRow[], value: (r: PlanRow) => number | null): number | null {
  let n = 0;
  let sum = 0;
  for (const r of rows) {
    const v = value(r);
    if (v === null || !Number.isFinite(v) || r.pupils <= 0) continue;
    n += r.pupils;
    sum += v * r.pupils;
  }
  return n > 0 ? sum / n : null;
}

/**
 * The closure rows of a run: one per closed school (the world's closures), with the plan rows that move its pupils
 * (moved, from that school, not re-zoning) summed by receiving school, and the pupil-weighted travel before/after.
 * @example closureRows(closures, rows, name)[0] // { code: 'P003', receiving: [{ code: 'P001', pupils: 96 }], pupils: 96, ... }
 */
export function closureRows(
  closures: Map<string, { year: number; reason: string }>,
  plan: PlanRow[],
  nameOf: (code: string) => string,
  reseated: readonly Reseated[] = [],
): ClosureRow[] {
  const out: ClosureRow[] = [];
  for (const [code, c] of closures) {
    const moves = plan.filter((r) => r.moved && r.fromSchool === code && r.reason !== 'rezoning');
    const by = new Map<string, number>();
    for (const r of moves) by.set(r.toSchool, (by.get(r.toSchool) ?? 0) + r.pupils);
    // A closure by hand has no plan rows: its pupils are where the run's world re-seated them (no travel recorded).
    if (moves.length === 0) for (const r of reseated) if (r.fromSchool === code) by.set(r.toSchool, (by.get(r.toSchool) ?? 0) + r.pupils);
    out.push({
      code,
      name: nameOf(code),
      year: c.year,
      reason: c.reason,
      receiving: [...by].map(([to, pupils]) => ({ code: to, name: nameOf(to), pupils })).sort((a, b) => b.pupils - a.pupils),
      pupils: [...by.values()].reduce((n, p) => n + p, 0),
      beforeKm: weighted(moves, (r) => r.travelBeforeKm),
      afterKm: weighted(moves, (r) => r.travelAfterKm),
      beforeMin: weighted(moves, (r) => r.travelBeforeMinutes),
      afterMin: weighted(moves, (r) => r.travelAfterMinutes),
      inPlan: plan.some((r) => r.fromSchool === code),
    });
  }
  return out.sort((a, b) => a.year - b.year || b.pupils - a.pupils);
}

/** Travel as "3.2 km" or "3.2 km · 9 min". */
export function travelText(km: number | null, min: number | null): string {
  if (km === null) return '–';
  return min === null ? wt('world.travel', { km: num(km, 1) }) : wt('world.travelMin', { km: num(km, 1), min: num(min) });
}

/**
 * The world of the selected run on the map: closed schools marked with their year, new schools of the scenario,
 * receiving schools labelled, the closures table, the closed school's destinations in its panel, dossiers, and the
 * differences between two runs' worlds in the comparison view.
 */
export class WorldLayer {
  current: WorldData | null = null;
  private cache = new Map<number, Promise<WorldData | null>>();
  private readonly table: ClosuresTable;
  private added = new Set<string>();

  constructor(private readonly app: App) {
    this.table = new ClosuresTable(app);
    document.addEventListener('click', (e) => {
      const el = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-dossier]');
      if (!el || !this.current) return;
      e.preventDefault();
      e.stopPropagation();
      void this.openDossier(this.current.runId, el.dataset.dossier ?? '');
    });
  }

  private nameOf = (code: string): string => this.app.schoolByCode.get(code)?.name ?? code;

  /** The world of a run (cached): GET /runs/:id (its world), its scenario (new schools) and its plan rows. */
  load(runId: number): Promise<WorldData | null> {
    if (!this.cache.has(runId)) {
      const p = this.fetch(runId);
      this.cache.set(runId, p);
      p.catch(() => this.cache.delete(runId));
    }
    return this.cache.get(runId)!;
  }

  private async fetch(runId: number): Promise<WorldData | null> {
    const run = await api.get<{
      scenarioId: number;
      world: { targetYear: number; closures: ClosureDecision[]; reseated?: Reseated[] } | null;
      kpis?: { targetYear?: number } | null;
    }>(`/runs/${runId}`);
    const [scenario, plan] = await Promise.all([
      api.get<{ overrides?: { schools?: { open?: NewSchool[] } } }>(`/scenarios/${run.scenarioId}`).catch(() => null),
      api.get<PlanRow[]>(`/runs/${runId}/results?table=plan&format=json`).catch(() => [] as PlanRow[]),
    ]);
    const targetYear = run.world?.targetYear ?? run.kpis?.targetYear ?? this.app.state.baseYear;
    const newSchools = scenario?.overrides?.schools?.open ?? [];
    // New schools join the page's school index so that their panel (run figures) opens like any other.
    for (const s of newSchools) this.addSchool(s);
    const closures = new Map<string, { year: number; reason: string }>();
    for (const c of run.world?.closures ?? []) closures.set(c.schoolCode, { year: c.year ?? targetYear, reason: c.reason ?? 'closure' });
    const received = new Map<string, number>();
    for (const r of plan) if (r.moved && r.fromSchool !== r.toSchool) received.set(r.toSchool, (received.get(r.toSchool) ?? 0) + r.pupils);
    const reseated = run.world?.reseated ?? [];
    const planned = new Set(plan.filter((r) => r.moved).map((r) => r.fromSchool));
    for (const r of reseated) if (!planned.has(r.fromSchool)) received.set(r.toSchool, (received.get(r.toSchool) ?? 0) + r.pupils);
    return { runId, targetYear, closures, newSchools, rows: closureRows(closures, plan, this.nameOf, reseated), received };
  }

  private addSchool(s: NewSchool): void {
    if (this.app.schoolByCode.has(s.code) && !this.added.has(s.code)) return;
    this.added.add(s.code);
    const seats = s.classes * (s.classSizeNorm ?? 45);
    const props: SchoolProps = {
      layer: 'schools',
      code: s.code,
      name: s.name,
      stages: s.stages,
      ownership: 'public',
      lon: s.lon,
      lat: s.lat,
      countyCode: null,
      townshipCode: s.townshipCode,
      classesByGrade: {},
      enrolmentByGrade: {},
      enrolment: 0,
      classes: s.classes,
      approvedSeats: seats,
      classSizeNorm: s.classSizeNorm ?? null,
      maxClasses: null,
      boardingPlaces: s.boardingPlaces ?? 0,
      teachers: 0,
      indicators: null,
      status: 'planned',
      openYear: s.openYear,
      closeYear: null,
    };
    this.app.schoolByCode.set(s.code, props);
  }

  /** Shows run A's world (null: none) on the plan layer and in the closures table. Call after the plan lines are drawn. */
  async show(runId: number | null): Promise<void> {
    const data = runId === null ? null : await this.load(runId).catch(() => null);
    if (runId !== this.app.state.runId) return;
    this.current = data;
    this.draw();
    this.table.render(data);
  }

  /** Draws the closed, new and receiving schools of the current world into the plan layer's group. */
  draw(): void {
    const d = this.current;
    if (!d) return;
    const g = this.app.map.layerGroup('plan');
    const pos = (code: string): L.LatLng | null => {
      const s = this.app.schoolByCode.get(code);
      return s ? L.latLng(s.lat, s.lon) : null;
    };
    const year = this.app.state.year;
    for (const [code, c] of d.closures) {
      const at = pos(code);
      if (!at) continue;
      const closedNow = year >= c.year;
      const m = L.marker(at, {
        pane: 'planmarks',
        keyboard: false,
        icon: L.divIcon({
          className: `world-closed${closedNow ? ' now' : ''}`,
          html:
            `<span class="wc-x">✕</span><span class="wc-label">${esc(this.nameOf(code))}<br>` +
            `${esc(wt('world.closedIn', { year: c.year }))}</span>`,
          iconSize: [22, 22],
          iconAnchor: [11, 11],
        }),
      });
      m.on('add', () => {
        const el = m.getElement();
        el?.setAttribute('data-code', code);
        el?.setAttribute('data-year', String(c.year));
      });
      m.on('click', () => void this.app.select({ kind: 'school', code }));
      m.addTo(g);
    }
    for (const s of d.newSchools) {
      // A new school that receives pupils says so in its own label (one label per school, no overlap).
      const got = d.received.get(s.code);
      const recv = got ? `<br><b class="wn-recv">${esc(wt('world.receives', { n: num(got) }))}</b>` : '';
      const m = L.marker([s.lat, s.lon], {
        pane: 'planmarks',
        keyboard: false,
        icon: L.divIcon({
          className: 'world-new',
          html:
            `<span class="wn-star">★</span><span class="wn-label">${esc(s.name)}<br>` +
            `${esc(wt('world.newIn', { year: s.openYear }))}${recv}</span>`,
          iconSize: [24, 24],
          iconAnchor: [12, 12],
        }),
      });
      m.on('add', () => m.getElement()?.setAttribute('data-code', s.code));
      m.on('click', () => void this.app.select({ kind: 'school', code: s.code }));
      m.addTo(g);
    }
    for (const [code, n] of d.received) {
      const at = pos(code);
      if (!at || d.closures.has(code) || n <= 0 || d.newSchools.some((s) => s.code === code)) continue;
      const m = L.marker(at, {
        pane: 'planmarks',
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: 'world-receive',
          html: `<span>${esc(this.nameOf(code))} · ${esc(wt('world.receives', { n: num(n) }))}</span>`,
          iconSize: [0, 0],
        }),
      });
      m.on('add', () => m.getElement()?.setAttribute('data-code', code));
      m.addTo(g);
    }
  }

  /** Marks the table row of the selected school. */
  highlight(code: string | null): void {
    this.table.highlight(code);
  }

  /** The closure (or new-school) section of a school's panel, and the pupils figure to show for the year. */
  schoolSection(code: string, year: number): { html: SafeHtml; pupils: { label: string; value: number } | null } {
    const d = this.current;
    if (!d) return { html: html``, pupils: null };
    const c = d.closures.get(code);
    if (c) {
      const row = d.rows.find((r) => r.code === code);
      const closedNow = year >= c.year;
      const dest = row?.receiving.length
        ? htmlJoin(
            html`<ul class="link-list" id="closure-destinations">`,
            html`${row.receiving.map((r) =>
              htmlJoin(
                html`<li data-to="${r.code}"><button type="button" class="link" data-goto-school="${r.code}">${r.name}</button> `,
                html`<code>${r.code}</code> · <b>${num(r.pupils)}</b></li>`,
              ),
            )}`,
            html`</ul><p class="note">${wt('world.colBefore')} ${travelText(row.beforeKm, row.beforeMin)} → `,
            html`${wt('world.colAfter')} ${travelText(row.afterKm, row.afterMin)}</p>`,
          )
        : html`<p class="muted">${wt('world.panelNoDestinations')}</p>`;
      return {
        pupils: closedNow ? { label: wt('world.panelPupilsClosed', { year }), value: 0 } : null,
        html: htmlJoin(
          html`<section class="world-section closed" id="closure-section" data-year="${c.year}">
<h3>${wt('world.panelTitle')}</h3>
<div class="kv"><span>${wt('world.panelYear')}</span><b>${c.year}</b><span>${wt('world.panelReason')}</span>`,
          html`<b>${wtk('reason', c.reason)}</b></div>
<h4>${wt('world.panelDestinations')}</h4>${dest}
`,
          html`${row?.inPlan ? html`<p><button type="button" class="btn" data-dossier="${code}">${wt('world.dossier')}</button></p>` : ''}
</section>`,
        ),
      };
    }
    const n = d.newSchools.find((s) => s.code === code);
    if (n)
      return {
        pupils: null,
        html: htmlJoin(
          html`<section class="world-section new" id="new-school-section"><h3>${wt('world.panelNew')}</h3><div class="kv">`,
          html`<span>${wt('world.new')}</span><b>${n.openYear}</b></div></section>`,
        ),
      };
    const received = d.received.get(code);
    if (received) {
      const from = d.rows.filter((r) => r.receiving.some((x) => x.code === code));
      return {
        pupils: null,
        html: htmlJoin(
          html`<section class="world-section" id="receiving-section"><h3>${wt('world.panelReceives')} `,
          html`<span class="muted">(${num(received)})</span></h3>`,
          htmlJoin(
            html`<ul class="link-list">`,
            html`${from.map((r) =>
              htmlJoin(
                html`<li><button type="button" class="link" data-goto-school="${r.code}">${r.name}`,
                html`</button> · ${num(r.receiving.find((x) => x.code === code)?.pupils ?? 0)} · ${r.year}</li>`,
              ),
            )}`,
          ),
          html`</ul></section>`,
        ),
      };
    }
    return { html: html``, pupils: null };
  }

  /** The plan layer's legend: arrows by reason, closed, new and receiving schools. */
  legend(hasRun: boolean, hasB: boolean, colourA: string, colourB: string): SafeHtml {
    if (!hasRun) return html`<p class="note">${wt('legend.none')}</p>`;
    const line = (dash: string | undefined, label: string, colour = colourA) =>
      htmlJoin(
        html`<li><svg width="26" height="10" aria-hidden="true">`,
        html`<line x1="1" y1="5" x2="25" y2="5" stroke="${colour}" `,
        html`stroke-width="3"${dash ? html` stroke-dasharray="${dash}"` : ''}/></svg>${label}</li>`,
      );
    return htmlJoin(
      html`<ul class="legend legend-world" id="plan-legend">${line(reasonDash('closure'), wt('legend.closure'))}`,
      html`${line(reasonDash('merge'), wt('legend.merge'))}${line(reasonDash('rezoning'), wt('legend.rezoning'))}
<li><span class="sw-world-x">✕</span>${wt('legend.closed')}</li><li><span class="sw-world-star">★`,
      html`</span>${wt('legend.new')}</li><li><span class="sw-world-recv">+n</span>${wt('legend.receiving')}`,
      html`</li>${hasB ? line(undefined, wt('legend.planB'), colourB) : ''}</ul>`,
    );
  }

  /** Opens one closure's dossier (or the county summary for '') in a new tab; the API needs the token, so fetch it. */
  async openDossier(runId: number, code: string): Promise<void> {
    const path = code ? `/runs/${runId}/dossiers/${encodeURIComponent(code)}` : `/runs/${runId}/dossiers`;
    const tab = window.open('', '_blank');
    try {
      const res = await fetch(path, { headers: getToken() ? { Authorization: `Bearer ${getToken()}` } : {} });
      const body = await res.text();
      if (!res.ok) throw new ApiError(res.status, body.slice(0, 200), path);
      const url = URL.createObjectURL(new Blob([body], { type: 'text/html;charset=utf-8' }));
      if (tab) tab.location.href = url;
      else window.location.href = url;
    } catch (e) {
      tab?.close();
      this.app.status(wt('world.dossierFailed', { msg: (e as Error).message }), 'error');
    }
  }

  /** Fills #compare-world with the schools closed or opened in one run's world and not (or in another year) in the other. */
  async fillCompare(a: number, b: number): Promise<void> {
    const [wa, wb] = await Promise.all([this.load(a).catch(() => null), this.load(b).catch(() => null)]);
    const el = document.getElementById('compare-world');
    if (!el || !wa || !wb) return;
    const rows: SafeHtml[] = [];
    const codes = [...new Set([...wa.closures.keys(), ...wb.closures.keys()])].sort();
    for (const code of codes) {
      const ca = wa.closures.get(code);
      const cb = wb.closures.get(code);
      if (ca && cb && ca.year === cb.year) continue;
      const what = ca && cb ? wt('compare.closedBoth') : wt('compare.closedOnly', { side: ca ? `A #${a}` : `B #${b}` });
      rows.push(
        htmlJoin(
          html`<tr data-world-diff="closed" data-code="${code}"><td>`,
          html`<button type="button" class="link" data-goto-school="${code}">${this.nameOf(code)}</button> <code>${code}`,
          html`</code></td><td>${what}</td><td class="col-a">${ca ? wt('world.closedIn', { year: ca.year }) : '–'}</td>`,
          html`<td class="col-b">${cb ? wt('world.closedIn', { year: cb.year }) : '–'}</td></tr>`,
        ),
      );
    }
    const newA = new Map(wa.newSchools.map((s) => [s.code, s]));
    const newB = new Map(wb.newSchools.map((s) => [s.code, s]));
    for (const code of [...new Set([...newA.keys(), ...newB.keys()])].sort()) {
      const na = newA.get(code);
      const nb = newB.get(code);
      if (na && nb && na.openYear === nb.openYear) continue;
      rows.push(
        htmlJoin(
          html`<tr data-world-diff="new" data-code="${code}"><td>${(na ?? nb)!.name} <code>${code}</code></td>`,
          html`<td>${wt('compare.newOnly', { side: na ? `A #${a}` : `B #${b}` })}</td>`,
          html`<td class="col-a">${na ? wt('world.newIn', { year: na.openYear }) : '–'}</td>`,
          html`<td class="col-b">${nb ? wt('world.newIn', { year: nb.openYear }) : '–'}</td></tr>`,
        ),
      );
    }
    setHtml(
      el,
      htmlJoin(
        html`<h3>${wt('compare.world')}</h3>`,
        html`${
          rows.length
            ? htmlJoin(
                html`<table class="grid-table" id="compare-world-table"><thead><tr><th>${wt('compare.school')}</th><th></th>`,
                html`<th class="col-a">A #${a}</th><th class="col-b">B #${b}</th></tr></thead><tbody>${rows}</tbody></table>`,
              )
            : html`<p class="muted">${wt('compare.noDiff')}</p>`
        }`,
      ),
    );
    $$('[data-goto-school]', el).forEach((x) =>
      x.addEventListener('click', () => void this.app.select({ kind: 'school', code: x.dataset.gotoSchool! })),
    );
  }

  /** For the print header: "#3 name" of the run shown, or null for the baseline. */
  runLabel(): string | null {
    const r = this.app.runs?.run;
    if (!r || this.app.state.runId === null) return null;
    // GET /runs/:id does not carry the scenario's name; the runs list does.
    const name = this.app.runs.runs.find((x) => x.id === r.id)?.scenarioName ?? '';
    return `#${r.id} ${name}`.trim();
  }

  /** The element holding the closures table (for print: it stays out of the page). */
  tableElement(): HTMLElement | null {
    return document.getElementById('closures') ?? null;
  }

  /** Re-applies the year-dependent look (closed now or later). */
  onYearChange(): void {
    const year = this.app.state.year;
    $$('.world-closed').forEach((el) => el.classList.toggle('now', year >= Number(el.dataset.year)));
    if (document.getElementById('closures')) $('#closures').dataset.year = String(year);
  }
}
