import type { App } from './app';
import { $$, html, htmlJoin, setHtml } from './html';
import { num } from './i18n';
import { wt, wtk } from './world-i18n';
import { travelText, type ClosureRow, type WorldData } from './world-layer';

type SortKey = 'school' | 'receiving' | 'pupils' | 'before' | 'after' | 'year';

const SORTERS: Record<SortKey, (r: ClosureRow) => string | number> = {
  school: (r) => r.name,
  receiving: (r) => r.receiving[0]?.name ?? '',
  pupils: (r) => r.pupils,
  before: (r) => r.beforeKm ?? -1,
  after: (r) => r.afterKm ?? -1,
  year: (r) => r.year,
};

/**
 * The sortable closures table under the map (school → receiving schools → pupils → travel before/after → year →
 * dossier). A row click selects the school on the map; a school selected on the map marks its row.
 */
export class ClosuresTable {
  private sort: { key: SortKey; dir: 1 | -1 } = { key: 'year', dir: 1 };
  private data: WorldData | null = null;
  private collapsed = false;
  private selected: string | null = null;

  constructor(private readonly app: App) {}

  private element(): HTMLElement | null {
    let el = document.getElementById('closures');
    if (!el) {
      const wrap = document.querySelector('.map-wrap');
      if (!wrap) return null;
      el = document.createElement('section');
      el.id = 'closures';
      el.className = 'closures-drawer';
      wrap.appendChild(el);
    }
    return el;
  }

  render(data: WorldData | null = this.data): void {
    this.data = data;
    const el = this.element();
    if (!el) return;
    el.hidden = !data || data.closures.size === 0;
    if (!data || el.hidden) return;
    const rows = [...data.rows].sort((a, b) => {
      const f = SORTERS[this.sort.key];
      const x = f(a);
      const y = f(b);
      return (
        (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) * this.sort.dir ||
        a.code.localeCompare(b.code)
      );
    });
    const th = (key: SortKey, label: string, cls = '') =>
      htmlJoin(
        html`<th data-sort="${key}" class="sortable${cls}`,
        html`${this.sort.key === key ? (this.sort.dir === 1 ? ' asc' : ' desc') : ''}" `,
        html`aria-sort="${this.sort.key === key ? (this.sort.dir === 1 ? 'ascending' : 'descending') : 'none'}">${label}`,
        html`</th>`,
      );
    el.classList.toggle('collapsed', this.collapsed);
    setHtml(
      el,
      htmlJoin(
        html`<header><h3>${wt('world.table')} <span class="muted">${wt('world.tableCount', { n: data.closures.size })}`,
        html`</span></h3>
<button type="button" class="link" data-dossier="">${wt('world.dossierAll')}</button>
<span class="spacer"></span><button type="button" class="btn btn-small" id="closures-toggle" title="`,
        html`${wt('world.tableToggle')}">${this.collapsed ? '▲' : '▼'}</button></header>
<div class="closures-scroll"><table class="grid-table closures-table" id="closures-table">
<thead><tr>${th('school', wt('world.colSchool'))}${th('receiving', wt('world.colReceiving'))}`,
        html`${th('pupils', wt('world.colPupils', { year: data.targetYear }), ' num')}`,
        html`${th('before', wt('world.colBefore'), ' num')}${th('after', wt('world.colAfter'), ' num')}`,
        html`${th('year', wt('world.colYear'), ' num')}<th>${wt('world.colDossier')}</th></tr></thead>
<tbody>`,
        html`${rows.map((r) =>
          htmlJoin(
            html`<tr data-code="${r.code}" data-pupils="${Math.round(r.pupils)}" data-year="${r.year}"`,
            html`${r.code === this.selected ? html` class="selected"` : ''}>
<td><b>${r.name}</b> <code>${r.code}</code><div class="muted">${wtk('reason', r.reason)}</div></td>
<td>`,
            html`${
              r.receiving.length
                ? r.receiving.map((x) => html`<div data-to="${x.code}">${x.name} <span class="muted">${num(x.pupils)}</span></div>`)
                : html`<span class="muted">–</span>`
            }`,
            html`</td>
<td class="num" data-col="pupils">${num(r.pupils)}</td>`,
            html`<td class="num" data-col="before">${travelText(r.beforeKm, r.beforeMin)}</td>`,
            html`<td class="num" data-col="after">${travelText(r.afterKm, r.afterMin)}</td>`,
            html`<td class="num" data-col="year">${r.year}</td>
<td>`,
            html`${r.inPlan ? html`<button type="button" class="link" data-dossier="${r.code}">${wt('world.open')}</button>` : '–'}`,
            html`</td></tr>`,
          ),
        )}`,
        html`</tbody></table></div>`,
      ),
    );
    $$('th[data-sort]', el).forEach((h) =>
      h.addEventListener('click', () => {
        const key = h.dataset.sort as SortKey;
        this.sort =
          this.sort.key === key
            ? { key, dir: this.sort.dir === 1 ? -1 : 1 }
            : { key, dir: key === 'pupils' || key === 'before' || key === 'after' ? -1 : 1 };
        this.render();
      }),
    );
    $$('tbody tr[data-code]', el).forEach((tr) =>
      tr.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).closest('[data-dossier]')) return;
        const code = tr.dataset.code!;
        const s = this.app.schoolByCode.get(code);
        if (s) this.app.map.focus({ type: 'Point', coordinates: [s.lon, s.lat] }, 12);
        void this.app.select({ kind: 'school', code });
      }),
    );
    el.querySelector('#closures-toggle')?.addEventListener('click', () => {
      this.collapsed = !this.collapsed;
      this.render();
    });
  }

  highlight(code: string | null): void {
    this.selected = code;
    const el = document.getElementById('closures');
    if (!el) return;
    $$('tbody tr[data-code]', el).forEach((tr) => {
      const on = tr.dataset.code === code;
      tr.classList.toggle('selected', on);
      if (on) tr.scrollIntoView({ block: 'nearest' });
    });
  }
}
