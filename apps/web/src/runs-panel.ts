import { api, ApiError, getToken, qs, type Run, type RunCompare, type RunKpis, type RunKpisYear, type RunListItem } from './api';
import type { App } from './app';
import { $, html, htmlJoin, setHtml, type SafeHtml } from './html';
import { lang, num, t, tk, type MessageKey } from './i18n';
import { wt } from './world-i18n';

const KM = ['meanTravelKmBefore', 'meanTravelKmAfter', 'maxTravelKmBefore', 'maxTravelKmAfter'] as const;
const COUNTS = ['smallSchoolsUnder200', 'smallSchoolsUnder100', 'schoolsClosed', 'pupilsMoved', 'pupilsReseated'] as const;

interface KpiRow {
  key: string;
  label: string;
  value: number | null;
  text: string;
}

function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/** A seat gap in words: "缺口 120" when short, "盈余 120" when seats are left over. */
export function gapText(v: number | null): string {
  if (v === null) return '–';
  return v < 0 ? wt('gap.surplus', { n: num(-v) }) : wt('gap.short', { n: num(v) });
}

/** The indicators of a run as labelled rows (the compare table lines them up by key). */
/** A run's reviews, oldest first, as GET /runs/:id returns them. */
function reviewHistory(r: Run): SafeHtml | '' {
  const list = r.reviews;
  if (!list.length) return '';
  return htmlJoin(
    html`<ol class="review-history" id="review-history">`,
    html`${list.map((x) =>
      htmlJoin(
        html`<li data-decision="${x.decision}">${tk('review', x.decision)} · ${x.note} `,
        html`<span class="muted">(${x.reviewedBy ?? ''}, ${fmtTime(x.createdAt)})</span></li>`,
      ),
    )}`,
    html`</ol>`,
  );
}

export function kpiRows(k: RunKpis | null | undefined, year: number, districtName: (code: string) => string): KpiRow[] {
  if (!k) return [];
  const rows: KpiRow[] = [];
  const add = (key: string, label: string, v: unknown, digits = 0) => {
    const value = typeof v === 'number' && Number.isFinite(v) ? v : null;
    // A negative seat gap is a surplus: say so instead of showing "缺口 -120".
    rows.push({ key, label, value, text: /^(gap|gapmax|gtxc)/.test(key) ? gapText(value) : num(value, digits) });
  };
  if (typeof k.targetYear === 'number')
    rows.push({ key: 'targetYear', label: t('kpi.targetYear'), value: k.targetYear, text: String(k.targetYear) });
  for (const key of COUNTS) {
    if (!(key in k)) continue;
    const cap = key === 'smallSchoolsUnder200' && typeof k.maxSmallSchools === 'number' ? t('kpi.cap', { n: k.maxSmallSchools }) : '';
    add(key, t(`kpi.${key}` as MessageKey) + cap, k[key]);
  }
  for (const key of KM) if (key in k) add(key, t(`kpi.${key}` as MessageKey), k[key], 1);
  add('redAlerts', t('kpi.redAlerts'), k.redAlerts);
  add('yellowAlerts', t('kpi.yellowAlerts'), k.yellowAlerts);
  for (const [code, byStage] of Object.entries(k.districtSeatGap ?? {})) {
    for (const [stage, byYear] of Object.entries(byStage)) {
      const vals = Object.values(byYear).filter((x) => typeof x === 'number');
      const vars = { district: districtName(code), stage: tk('stage', stage), year };
      add(`gap:${code}:${stage}:${year}`, t('kpi.districtGap', vars), byYear[String(year)]);
      add(`gapmax:${code}:${stage}`, t('kpi.districtGapMax', vars), vals.length ? Math.max(...vals) : null);
    }
  }
  if (k.gtxcSeatGap) {
    const vals = Object.values(k.gtxcSeatGap).filter((x) => typeof x === 'number');
    add(`gtxc:${year}`, t('kpi.gtxcSeatGap', { year }), k.gtxcSeatGap[String(year)]);
    add('gtxcmax', t('kpi.gtxcSeatGapMax'), vals.length ? Math.max(...vals) : null);
  }
  if (k.consolidationStatus)
    rows.push({ key: 'consolidationStatus', label: t('kpi.consolidationStatus'), value: null, text: String(k.consolidationStatus) });
  return rows;
}

/**
 * Scenario runs (docs/api-runs.md): a picker, the run's indicators and review, and a side-by-side comparison.
 * When GET /runs answers 404 the API is not there yet: the panel says so and the plan layer stays hidden.
 */
export class RunsPanel {
  available: boolean | null = null;
  runs: RunListItem[] = [];
  run: Run | null = null;
  private message: { text: string; kind: 'info' | 'error' } | null = null;
  private reviewMessage: { text: string; kind: 'info' | 'error' } | null = null;
  /** Whether this token may review (GET /me); the form is shown only then. */
  private mayReview = false;
  private compareA: number | null = null;
  private compareB: number | null = null;
  private compareData: RunCompare | null = null;
  private poll: number | undefined;

  constructor(
    private readonly app: App,
    private readonly el: HTMLElement,
  ) {}

  async load(): Promise<void> {
    try {
      this.runs = await api.get<RunListItem[]>('/runs');
      this.available = true;
      this.message = null;
      if (!this.runs.length) this.message = { text: t('runs.none'), kind: 'info' };
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      this.available = status === 404 ? false : null;
      this.runs = [];
      this.message =
        status === 404
          ? { text: t('runs.unavailable'), kind: 'info' }
          : status === 401 || status === 403
            ? { text: t('runs.unauthorized'), kind: 'error' }
            : { text: t('runs.failed', { msg: (e as Error).message }), kind: 'error' };
    }
    document.body.dataset.runs = this.available === false ? 'unavailable' : this.available ? 'available' : 'unknown';
    this.render();
    this.app.renderLayerPanel();
  }

  private completed(): RunListItem[] {
    return this.runs.filter((r) => r.status === 'completed' || r.status === 'infeasible');
  }

  async pick(id: number | null): Promise<void> {
    window.clearTimeout(this.poll);
    this.reviewMessage = null;
    if (id === null) {
      this.run = null;
      this.render();
      await this.app.setRun(null);
      return;
    }
    try {
      this.run = await api.get<Run>(`/runs/${id}`);
      this.mayReview = (await api.get<{ mayReview: boolean }>('/me').catch(() => ({ mayReview: false }))).mayReview;
    } catch (e) {
      this.run = null;
      this.message = { text: t('runs.failed', { msg: (e as Error).message }), kind: 'error' };
    }
    if (this.compareA === null || this.compareA === this.app.state.runId) this.compareA = id;
    this.render();
    if (this.run?.status === 'completed') await this.app.setRun(id);
    else {
      if (this.app.state.runId !== null) await this.app.setRun(null);
      if (this.run && (this.run.status === 'queued' || this.run.status === 'running'))
        this.poll = window.setTimeout(() => void this.refreshRun(id), 3000);
    }
    this.render();
  }

  private async refreshRun(id: number): Promise<void> {
    if (this.run?.id !== id) return;
    await this.load();
    await this.pick(id);
  }

  render(): void {
    if (this.available === false || this.available === null) {
      setHtml(
        this.el,
        html`<div class="notice ${this.message?.kind ?? 'info'}" id="runs-message">${this.message?.text ?? t('app.loading')}</div>`,
      );
      return;
    }
    const r = this.run;
    const completed = this.completed();
    const opt = (x: RunListItem, current: number | null) =>
      htmlJoin(
        html`<option value="${x.id}"${x.id === current ? html` selected` : ''}>#${x.id} ${x.scenarioName} · `,
        html`${tk('runStatus', x.status)}${x.review ? html` · ${tk('review', x.review.decision)}` : ''}</option>`,
      );
    setHtml(
      this.el,
      htmlJoin(
        html`${this.message ? html`<div class="notice ${this.message.kind}">${this.message.text}</div>` : ''}
<label class="ctl block"><span>${t('runs.pick')}</span><select id="run-picker">`,
        html`<option value="">${t('runs.baseline')}</option>${this.runs.map((x) => opt(x, r?.id ?? null))}</select></label>
${r ? this.runCard(r) : ''}
<section class="card">
  <h3>${t('runs.compare')}</h3>
  <div class="compare-picks">
    <label class="ctl"><span>${t('runs.compareA')}</span><select id="compare-a"><option value="">`,
        html`</option>${completed.map((x) => opt(x, this.compareA))}</select></label>
    <label class="ctl"><span>${t('runs.compareB')}</span><select id="compare-b"><option value="">`,
        html`</option>${completed.map((x) => opt(x, this.compareB))}</select></label>
  </div>
  <button type="button" class="btn" id="compare-go"${completed.length < 2 ? html` disabled` : ''}>`,
        html`${t('runs.compareGo')}</button>
</section>`,
      ),
    );
    $('#run-picker', this.el).addEventListener('change', (e) => {
      const v = (e.target as HTMLSelectElement).value;
      void this.pick(v ? Number(v) : null);
    });
    $('#compare-a', this.el).addEventListener('change', (e) => (this.compareA = Number((e.target as HTMLSelectElement).value) || null));
    $('#compare-b', this.el).addEventListener('change', (e) => (this.compareB = Number((e.target as HTMLSelectElement).value) || null));
    $('#compare-go', this.el).addEventListener('click', () => void this.compare());
    const form = this.el.querySelector<HTMLFormElement>('#review-form');
    form?.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submitReview(form);
    });
    this.el.querySelector('#run-report')?.addEventListener('click', () => void this.openReport());
    if (this.compareData) this.renderCompare();
  }

  private readonly districtName = (code: string): string =>
    this.app.districts?.features.find((d) => d.properties.code === code)?.properties.name ?? code;

  private runName(r: { id?: number; scenarioName?: string; scenarioId?: number }): string {
    return r.scenarioName ?? this.runs.find((x) => x.id === r.id)?.scenarioName ?? (r.scenarioId !== undefined ? `#${r.scenarioId}` : '');
  }

  private runCard(r: Run): SafeHtml {
    const k = r.kpis;
    const year = this.app.state.year;
    const steps = r.progress?.steps ?? [];
    return htmlJoin(
      html`<section class="card" id="run-card" data-run="${r.id}">
  <h3>#${r.id} ${this.runName(r)}</h3>
  <div class="kv"><span>${t('runs.status')}</span><b class="status-${r.status}">${tk('runStatus', r.status)}`,
      html`</b>${r.progress ? html`<span>${t('runs.progress')}</span><b>${num(r.progress.overall)}%</b>` : ''}</div>
  `,
      html`${
        steps.length && r.status !== 'completed'
          ? htmlJoin(
              html`<ul class="steps">`,
              html`${steps.map((s) =>
                htmlJoin(
                  html`<li class="step-${s.state}"><span>${tk('step', s.name)}</span><progress max="100" value="${s.progress ?? 0}">`,
                  html`</progress></li>`,
                ),
              )}`,
              html`</ul>`,
            )
          : ''
      }
  `,
      html`${r.error ? html`<p class="error">${t('runs.error', { step: tk('step', r.error.step), msg: r.error.message })}</p>` : ''}
  `,
      html`${
        k
          ? htmlJoin(
              html`<h4>${t('runs.kpis')}</h4><table class="grid-table kpi-table" id="run-kpis">`,
              htmlJoin(
                html`<tbody>`,
                html`${kpiRows(k, year, this.districtName).map(
                  (row) => html`<tr data-kpi="${row.key}"><th>${row.label}</th><td>${row.text}</td></tr>`,
                )}`,
              ),
              html`</tbody></table>`,
            )
          : ''
      }
  `,
      html`${r.status === 'completed' ? html`<button type="button" class="btn btn-ghost" id="run-report">${t('runs.report')}</button>` : ''}
  <h4>${t('review.title')}</h4>
  <p class="review-state" id="review-state">`,
      html`${
        r.review
          ? htmlJoin(
              html`<span class="tag ${r.review.decision === 'approved' ? 'ok' : 'warn'}">${tk('review', r.review.decision)}`,
              html`</span> ${r.review.note} <span class="muted">(${r.review.by}, ${fmtTime(r.review.at)})</span>`,
            )
          : html`<span class="muted">${t('review.none')}</span>`
      }`,
      html`</p>
  `,
      html`${
        r.status === 'completed' && this.mayReview
          ? htmlJoin(
              html`<form id="review-form" class="review-form" data-run-id="${r.id}">
    <p class="muted">${t('review.forRun', { id: r.id })}</p>
    ${reviewHistory(r)}
    `,
              html`${
                r.review
                  ? htmlJoin(
                      html`<label class="ctl" id="review-supersede-row">`,
                      htmlJoin(
                        html`<input type="checkbox" name="supersede" id="review-supersede"> `,
                        html`${lang() === 'zh' ? `替代运行 #${r.id} 的上一条审核` : `supersede the earlier review of run #${r.id}`}`,
                      ),
                      html`</label>`,
                    )
                  : ''
              }
    <div class="radio"><label><input type="radio" name="decision" value="approved" checked> `,
              html`${t('review.approve')}</label><label><input type="radio" name="decision" value="rejected"> `,
              html`${t('review.reject')}</label></div>
    <label class="ctl block"><span>${t('review.note')}</span>`,
              html`<textarea name="note" rows="3" maxlength="2000" placeholder="${t('review.notePlaceholder')}"></textarea>`,
              html`</label>
    <button type="submit" class="btn btn-primary">${t('review.submit')}</button>
    `,
              html`${
                this.reviewMessage ? html`<p class="${this.reviewMessage.kind}" id="review-message">${this.reviewMessage.text}</p>` : ''
              }
  </form>`,
            )
          : r.status === 'completed'
            ? ''
            : html`<p class="muted">${t('review.onlyCompleted')}</p>`
      }
</section>`,
    );
  }

  private async submitReview(form: HTMLFormElement): Promise<void> {
    const r = this.run;
    if (!r) return;
    const fd = new FormData(form);
    const decision = String(fd.get('decision') ?? 'approved');
    const note = String(fd.get('note') ?? '').trim();
    if (!note) {
      this.reviewMessage = { text: t('review.noteRequired'), kind: 'error' };
      this.render();
      return;
    }
    // The id of the run on screen, as the form was rendered for it: the API refuses a review sent to another run.
    const runId = Number(form.dataset.runId);
    try {
      // A second review supersedes the first only when the reviewer says so (the API answers 409 otherwise).
      await api.post(`/runs/${runId}/review`, { runId, decision, note, ...(fd.get('supersede') ? { supersede: true } : {}) });
      this.reviewMessage = { text: t('review.saved'), kind: 'info' };
      this.run = await api.get<Run>(`/runs/${runId}`);
      this.runs = await api.get<RunListItem[]>('/runs').catch(() => this.runs);
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      const conflict =
        lang() === 'zh'
          ? `运行 #${runId} 已有审核：如要替代，请勾选“替代”。`
          : `Run #${runId} is already reviewed: tick "supersede" to replace it.`;
      this.reviewMessage = {
        text: status === 403 ? t('review.forbidden') : status === 409 ? conflict : t('app.loadFailed', { msg: (e as Error).message }),
        kind: 'error',
      };
    }
    this.render();
  }

  /** The report is HTML behind the token, so it is fetched and shown from a blob. */
  private async openReport(): Promise<void> {
    if (!this.run) return;
    const headers: Record<string, string> = {};
    if (getToken()) headers.Authorization = `Bearer ${getToken()}`;
    const res = await fetch(`/runs/${this.run.id}/report${qs({ lang: lang() })}`, { headers });
    if (!res.ok) {
      this.reviewMessage = { text: t('app.loadFailed', { msg: `HTTP ${res.status}` }), kind: 'error' };
      this.render();
      return;
    }
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async compare(): Promise<void> {
    const a = this.compareA;
    const b = this.compareB;
    if (!a || !b || a === b) {
      this.message = { text: t('runs.pickTwo'), kind: 'error' };
      this.render();
      return;
    }
    this.message = null;
    try {
      this.compareData = await api.get<RunCompare>(`/runs/compare${qs({ a, b })}`);
    } catch (e) {
      this.compareData = null;
      this.message = { text: t('app.loadFailed', { msg: (e as Error).message }), kind: 'error' };
      this.render();
      return;
    }
    // The map shows A as the selected run and B beside it in the plan layer.
    if (this.app.state.runId !== a) {
      this.run = await api.get<Run>(`/runs/${a}`).catch(() => this.run);
      // The review form under the comparison is for run A: whether it shows depends on the token, as in pick().
      this.mayReview = (await api.get<{ mayReview: boolean }>('/me').catch(() => ({ mayReview: false }))).mayReview;
      this.app.state.runId = a;
      this.app.renderSource();
      await this.app.refreshYear();
    }
    this.app.state.compareRunId = b;
    await this.app.showPlans();
    this.render();
  }

  closeCompare(): void {
    this.compareData = null;
    $('#compare').hidden = true;
    this.app.state.compareRunId = null;
    void this.app.showPlans();
  }

  private renderCompare(): void {
    const c = this.compareData;
    const el = $('#compare');
    if (!c) {
      el.hidden = true;
      return;
    }
    const year = this.app.state.year;
    const ra = kpiRows(c.a.kpis, year, this.districtName);
    const rb = kpiRows(c.b.kpis, year, this.districtName);
    const keys = [...new Set([...ra.map((r) => r.key), ...rb.map((r) => r.key)])];
    const ida = c.a.id ?? this.compareA;
    const idb = c.b.id ?? this.compareB;
    const diff = (x: KpiRow | undefined, y: KpiRow | undefined) => {
      if (!x || !y || x.value === null || y.value === null || x.key === 'targetYear') return '–';
      const d = y.value - x.value;
      return `${d > 0 ? '+' : ''}${num(d, Math.abs(d) < 10 && d % 1 !== 0 ? 1 : 0)}`;
    };
    const kpiTable = keys.map((key) => {
      const x = ra.find((r) => r.key === key);
      const y = rb.find((r) => r.key === key);
      const changed = x?.value !== null && y?.value !== null && x?.value !== undefined && y?.value !== undefined && x.value !== y.value;
      return htmlJoin(
        html`<tr data-kpi="${key}"><th>${(x ?? y)!.label}</th><td>${x?.text ?? '–'}</td><td>${y?.text ?? '–'}</td>`,
        html`<td class="${changed ? 'changed' : ''}">${diff(x, y)}</td></tr>`,
      );
    });
    const ORDER = [
      'demand',
      'seats',
      'seatGap',
      'primaryDemand',
      'primarySeats',
      'juniorDemand',
      'juniorSeats',
      'redAlerts',
      'yellowAlerts',
    ];
    const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
    const yearKeys = [...new Set(c.kpisByYear.flatMap((r) => [...Object.keys(r.a ?? {}), ...Object.keys(r.b ?? {})]))]
      .filter((k) => k !== 'year')
      .sort((x, y) => rank(x) - rank(y));
    const yk = (k: string) => tk('kpi', k);
    const val = (v: RunKpisYear | null, k: string) => {
      const x = v ? (v as Record<string, number | undefined>)[k] : undefined;
      return typeof x === 'number' ? (/gap/i.test(k) ? gapText(x) : num(x)) : '–';
    };
    const status = (v: unknown) => (v === 'ok' || v === 'closed' ? tk('diff', String(v)) : tk('level', String(v)));
    const listOf = (items: unknown[] | undefined) =>
      (items ?? []).slice(0, 100).map((it) => {
        const o = (it && typeof it === 'object' ? it : { subject: String(it) }) as Record<string, unknown>;
        const subject = String(o.subject ?? o.code ?? o.subjectCode ?? '');
        const [type, code] = subject.includes(':') ? subject.split(/:(.*)/s) : ['', subject];
        const label =
          this.app.schoolByCode.get(code)?.name ??
          this.app.areaByCode.get(code)?.props.name ??
          (type === 'district' ? this.districtName(code) : '');
        return htmlJoin(
          html`<tr><td>${type ? html`<span class="muted">${tk('subject', type)}</span> ` : ''}${label} <code>${code}</code>`,
          html`</td><td class="col-a">${status(o.a)}</td><td class="col-b">${status(o.b)}</td></tr>`,
        );
      });
    const diffTable = (items: unknown[] | undefined, title: string) =>
      items?.length
        ? htmlJoin(
            html`<details open><summary>${title}</summary><table class="grid-table diff-table"><thead><tr>`,
            html`<th>${t('diff.subject')}</th><th class="col-a">A</th><th class="col-b">B</th></tr></thead>`,
            html`<tbody>${listOf(items)}</tbody></table></details>`,
          )
        : '';
    setHtml(
      el,
      htmlJoin(
        html`<div class="compare-card" role="dialog" aria-modal="false" id="compare-card">
  <header><h2>`,
        html`${t('runs.compareTitle', {
          a: String(ida),
          na: this.runName({ ...c.a, id: ida ?? undefined }),
          b: String(idb),
          nb: this.runName({ ...c.b, id: idb ?? undefined }),
        })}`,
        html`</h2><button type="button" class="btn-close" id="compare-close" title="${t('app.close')}">×</button></header>
  <div class="compare-cols">
    <div>
      <table class="grid-table kpi-table" id="compare-kpis"><thead><tr><th>${t('runs.indicator')}</th>`,
        html`<th class="col-a">A #${String(ida)}</th><th class="col-b">B #${String(idb)}</th><th>${t('runs.diff')}</th>`,
        html`</tr></thead><tbody>${kpiTable}</tbody></table>
    </div>
    <div>
      <h3>${t('runs.byYear')}</h3>
      <div class="scroll-x"><table class="grid-table" id="compare-years"><thead><tr>`,
        html`<th rowspan="2">${t('kpi.year')}</th>${yearKeys.map((k) => html`<th colspan="2">${yk(k)}</th>`)}</tr>`,
        html`<tr>${yearKeys.map(() => html`<th class="col-a">A</th><th class="col-b">B</th>`)}</tr></thead><tbody>
        `,
        html`${c.kpisByYear.map((r) =>
          htmlJoin(
            html`<tr${r.year === year ? html` class="current"` : ''}><th>${r.year}`,
            html`</th>${yearKeys.map((k) => html`<td>${val(r.a, k)}</td><td>${val(r.b, k)}</td>`)}</tr>`,
          ),
        )}
      </tbody></table></div>
      ${diffTable(c.schoolsDiffering, t('runs.differing', { n: c.schoolsDiffering?.length ?? 0 }))}
      ${diffTable(c.areasDiffering, t('runs.differingAreas', { n: c.areasDiffering?.length ?? 0 }))}
      <div id="compare-world"></div>
    </div>
  </div>
</div>`,
      ),
    );
    el.hidden = false;
    $('#compare-close').addEventListener('click', () => this.closeCompare());
    if (ida && idb) void this.app.world.fillCompare(ida, idb);
  }
}
