import type * as L from 'leaflet';
import type { App } from './app';
import { $, $$, html, htmlJoin, raw, setHtml } from './html';
import { lang, t } from './i18n';
import { wt } from './world-i18n';

export type Paper = 'A4' | 'A3';

/** Printable area of a landscape sheet with 10 mm margins, split into the map and the legend column (mm). */
const SHEETS: Record<Paper, { mapW: number; mapH: number; legendW: number }> = {
  A4: { mapW: 205, mapH: 165, legendW: 68 },
  A3: { mapW: 320, mapH: 250, legendW: 76 },
};

const NORTH = raw(
  '<svg width="22" height="30" viewBox="0 0 22 30" aria-hidden="true"><path d="M11 1 L20 27 L11 21 L2 27 Z" ' +
    'fill="#fff" stroke="#1f2a36" stroke-width="1.4"/><path d="M11 1 L11 21 L2 27 Z" fill="#1f2a36"/></svg>',
);

/**
 * The print layout: a button (with A4/A3 landscape) in the top bar; printing shows a map sheet with title, run,
 * date, year, a legend of the visible layers, the scale bar, a north arrow and the source note, without controls.
 */
export class PrintLayout {
  paper: Paper = 'A4';
  private style: HTMLStyleElement;
  private screenBounds: L.LatLngBounds | null = null;

  constructor(private readonly app: App) {
    this.style = document.createElement('style');
    this.style.id = 'print-page-size';
    document.head.appendChild(this.style);
    window.addEventListener('beforeprint', () => this.prepare());
    window.addEventListener('afterprint', () => this.finish());
  }

  /** Adds the button and the print-only elements to the page shell (call once after the shell is rendered). */
  install(): void {
    const lang = document.getElementById('lang-btn');
    if (lang && !document.getElementById('print-btn')) {
      const group = document.createElement('div');
      group.className = 'print-btn-group';
      setHtml(
        group,
        htmlJoin(
          html`<select id="print-paper" aria-label="${wt('print.paper')}"><option value="A4">A4</option><option value="A3">A3`,
          html`</option></select><button type="button" id="print-btn" class="btn btn-ghost">${wt('print.button')}</button>`,
        ),
      );
      lang.before(group);
      $('#print-paper').addEventListener('change', (e) => (this.paper = (e.target as HTMLSelectElement).value as Paper));
      $('#print-btn').addEventListener('click', () => this.print());
    }
    const wrap = document.querySelector('.map-wrap');
    if (wrap && !document.getElementById('north-arrow')) {
      const n = document.createElement('div');
      n.id = 'north-arrow';
      n.setAttribute('aria-hidden', 'true');
      wrap.appendChild(n);
    }
    const layout = document.querySelector('.layout');
    if (layout && !document.getElementById('print-head')) {
      const head = document.createElement('div');
      head.id = 'print-head';
      head.className = 'print-only print-sheet-head';
      layout.before(head);
      const legend = document.createElement('aside');
      legend.id = 'print-legend';
      legend.className = 'print-only';
      layout.appendChild(legend);
      const source = document.createElement('p');
      source.id = 'print-source';
      source.className = 'print-only';
      layout.after(source);
    }
    this.relabel();
  }

  /** Texts that follow the language. */
  relabel(): void {
    const b = document.getElementById('print-btn');
    if (b) b.textContent = wt('print.button');
    const n = document.getElementById('north-arrow');
    if (n) setHtml(n, html`${NORTH}<span>${wt('print.north')}</span>`);
  }

  /** Fills the sheet (title, run, date, legend, source) and sizes the map for the paper. */
  prepare(paper: Paper = this.paper): void {
    this.paper = paper;
    const s = SHEETS[paper];
    this.style.textContent = `@page { size: ${paper} landscape; margin: 10mm; }`;
    const root = document.documentElement;
    root.style.setProperty('--print-map-w', `${s.mapW}mm`);
    root.style.setProperty('--print-map-h', `${s.mapH}mm`);
    root.style.setProperty('--print-legend-w', `${s.legendW}mm`);
    const run = this.app.world?.runLabel() ?? null;
    const date = new Date().toLocaleDateString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric' });
    setHtml(
      $('#print-head'),
      htmlJoin(
        html`<h1 id="print-title">${wt('print.title', { title: t('app.title'), subtitle: t('app.subtitle') })}</h1>`,
        html`<span id="print-run">${run ? wt('print.run', { run }) : wt('print.baseline')}</span>`,
        html`<span id="print-year">${wt('print.year', { year: this.app.state.year })}</span>`,
        html`<span id="print-date">${wt('print.date', { date })}</span><span class="muted">${paper}</span>`,
      ),
    );
    // The legend of each visible layer, as the layer panel draws it (same colours, same words).
    const blocks = $$('#tab-layers .layer-row.on').map((row) => {
      const name = row.querySelector('.layer-name')?.textContent ?? '';
      const body = row.querySelector('.layer-body');
      // Titles and keys only: the panel's explanatory notes would not fit on the sheet.
      const legend = body ? [...body.querySelectorAll('.legend-title, .legend')].map((el) => el.outerHTML).join('') : '';
      return `<section class="print-legend-block"><div class="legend-title">${escapeText(name)}</div>${legend}</section>`;
    });
    const versionId = this.app.schools?.versionId ?? this.app.state.version ?? '–';
    setHtml($('#print-legend'), html`<h2>${wt('print.legend')}</h2>${raw(blocks.join(''))}`);
    $('#print-source').textContent = wt('print.source', { dataset: this.app.state.dataset, version: String(versionId) });
    // The sheet shows what the screen showed: the same extent, refitted to the sheet's map size.
    if (!document.body.classList.contains('print-mode')) this.screenBounds = this.app.map.map.getBounds();
    document.body.classList.add('print-mode');
    document.body.dataset.paper = paper;
    this.app.map.invalidate();
    if (this.screenBounds) this.app.map.map.fitBounds(this.screenBounds, { animate: false });
  }

  finish(): void {
    if (!document.body.classList.contains('print-mode')) return;
    document.body.classList.remove('print-mode');
    delete document.body.dataset.paper;
    this.app.map.invalidate();
    if (this.screenBounds) this.app.map.map.fitBounds(this.screenBounds, { animate: false });
    this.screenBounds = null;
  }

  print(): void {
    this.prepare();
    // Leaflet needs a frame to redraw at the sheet's size before the print snapshot.
    window.setTimeout(() => {
      window.print();
      this.finish();
    }, 300);
  }
}

function escapeText(s: string): string {
  const d = document.createElement('div');
  d.textContent = s;
  return d.innerHTML;
}
