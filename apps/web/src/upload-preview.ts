import { getToken } from './api';
import type { App } from './app';
import { $, html, htmlJoin, setHtml } from './html';
import { lang, num, tk } from './i18n';

const TEXT = {
  title: ['导入数据（管理员）', 'Import data (admin)'],
  intro: [
    '选择文件后先预览：列对应、表头行、跳过的行和提示；确认无误再导入。',
    'Pick files and preview first: column mapping, header row, skipped rows and notices; then import.',
  ],
  files: ['文件', 'files'],
  crs: ['坐标系（可选）', 'CRS (optional)'],
  preview: ['预览', 'Preview'],
  import: ['确认导入', 'Import'],
  accepted: ['可以导入', 'would be accepted'],
  refused: ['将被拒绝：{n} 个问题', 'would be refused: {n} problems'],
  headerRow: ['表头行：第 {rows} 行', 'header row: {rows}'],
  mapping: ['列对应', 'Column mapping'],
  column: ['源列', 'source column'],
  field: ['字段', 'field'],
  attribute: ['（保留为附加属性）', '(kept in attributes)'],
  skipped: ['跳过的行', 'Skipped rows'],
  row: ['第 {n} 行', 'row {n}'],
  sample: ['前几条记录（按导入解释）', 'First records as interpreted'],
  notices: ['提示', 'Notices'],
  problems: ['问题', 'Problems'],
  changes: ['与最新版本相比：新增 {a}，修改 {c}，删除 {r}', 'against the latest version: {a} added, {c} changed, {r} removed'],
  imported: ['已导入为版本 #{id}', 'imported as version #{id}'],
  noFiles: ['请先选择文件。', 'Pick files first.'],
  forbidden: ['只有管理员可以导入数据。', 'Only an admin may import data.'],
  tooLarge: ['文件太大。', 'The upload is too large.'],
  busy: ['导入繁忙，请稍后再试。', 'Imports are busy; try again shortly.'],
  failed: ['失败：{msg}', 'failed: {msg}'],
} as const;
type TextKey = keyof typeof TEXT;

function tu(key: TextKey, vars: Record<string, string | number> = {}): string {
  const s: string = TEXT[key][lang() === 'zh' ? 0 : 1];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

interface Problem {
  file: string;
  row?: number;
  feature?: number;
  field?: string;
  message: string;
}
interface Preview {
  accepted: boolean;
  layouts: Record<
    string,
    {
      headerRows: number[];
      columns: { column: number; source: string; field: string | null }[];
      skipped: { row: number; reason: string }[];
    }
  >;
  summary?: Record<string, { added?: number; changed?: number; removed?: number }>;
  sample: Record<string, Record<string, unknown>[]>;
  problems: Problem[];
  notices: (Problem & { kind: string })[];
}

const NOTICE_ZH: Record<string, string> = {
  header_row: '表头行',
  header_unit: '表头单位',
  unmapped_column: '未对应的列',
  rows_skipped: '跳过的行',
  footer_row: '表尾行',
  value_normalised: '数值已规范化',
  value_blank: '空值',
  crs_assumed: '假定坐标系',
  crs_suspect: '坐标系存疑',
  boundary_format: '边界格式',
  polygon_repaired: '多边形已修复',
  parent_outside: '上级范围之外',
  road_network: '路网',
};

/** The importer's English texts that this panel shows, in Chinese (quoted source text stays as it is). */
const REASONS_ZH: [RegExp, string][] = [
  [/^above the header: (.*)$/, '位于表头之上：$1'],
  [/^footer row (.*)$/, '表尾行 $1'],
  [/^repeats the header$/, '重复的表头'],
  [/^required field is missing$/, '缺少必填字段'],
  [/^unknown stage (.*)$/, '未知学段 $1'],
  [/^unknown (\w+) (.*)$/, '未知的 $1 $2'],
  [/^not a number: (.*)$/, '不是数字：$1'],
];

function zh(text: string): string {
  if (lang() !== 'zh') return text;
  for (const [re, out] of REASONS_ZH) if (re.test(text)) return text.replace(re, out);
  return text;
}

function where(p: Problem): string {
  const at = p.row !== undefined ? ` ${tu('row', { n: p.row })}` : p.feature !== undefined ? ` #${p.feature}` : '';
  return `${p.file}${at}${p.field ? ` · ${p.field}` : ''}`;
}

/** Shows one sample value: numbers formatted, objects as short JSON. */
function cell(v: unknown): string {
  if (typeof v === 'number') return num(v, Number.isInteger(v) ? 0 : 4);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((x: string) => tk('stage', x)).join('、');
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v).slice(0, 60);
  return String(v);
}

/** The admin's upload: `POST /datasets/:dataset/imports?dryRun=true` shown as a preview, then an explicit import. */
export class UploadPreview {
  private preview: Preview | null = null;
  private message: { text: string; kind: 'info' | 'error' } | null = null;

  constructor(
    private readonly app: App,
    private readonly el: HTMLElement,
  ) {}

  private form(): FormData | null {
    const input = $('#u-files', this.el) as HTMLInputElement;
    if (!input.files?.length) return null;
    const fd = new FormData();
    for (const f of input.files) fd.append('files', f, f.name);
    const crs = ($('#u-crs', this.el) as HTMLInputElement).value.trim();
    if (crs) fd.append('crs', crs);
    return fd;
  }

  private async send(dryRun: boolean): Promise<void> {
    const fd = this.form();
    if (!fd) {
      this.message = { text: tu('noFiles'), kind: 'error' };
      this.render();
      return;
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (getToken()) headers.Authorization = `Bearer ${getToken()}`;
    const res = await fetch(`/datasets/${encodeURIComponent(this.app.state.dataset)}/imports${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers,
      body: fd,
    });
    const body = (await res.json().catch(() => null)) as (Preview & { versionId?: number; message?: unknown; problems?: Problem[] }) | null;
    if (res.ok && dryRun && body) {
      this.preview = body;
      this.message = null;
    } else if (res.ok && body?.versionId) {
      this.message = { text: tu('imported', { id: body.versionId }), kind: 'info' };
      this.preview = null;
    } else {
      const msg =
        res.status === 403
          ? tu('forbidden')
          : res.status === 413
            ? tu('tooLarge')
            : res.status === 503
              ? tu('busy')
              : tu('failed', {
                  msg: Array.isArray(body?.message) ? body.message.join('; ') : String(body?.message ?? `HTTP ${res.status}`),
                });
      this.message = { text: msg, kind: 'error' };
      if (body?.problems) this.preview = { accepted: false, layouts: {}, sample: {}, problems: body.problems, notices: [] };
    }
    this.render(false);
  }

  render(resetFiles = true): void {
    const keep = resetFiles ? null : ((this.el.querySelector('#u-files') as HTMLInputElement | null)?.files ?? null);
    const crs = (this.el.querySelector('#u-crs') as HTMLInputElement | null)?.value ?? '';
    const p = this.preview;
    const totals = p?.summary
      ? Object.values(p.summary).reduce((t, s) => ({ a: t.a + (s.added ?? 0), c: t.c + (s.changed ?? 0), r: t.r + (s.removed ?? 0) }), {
          a: 0,
          c: 0,
          r: 0,
        })
      : null;
    setHtml(
      this.el,
      htmlJoin(
        html`<section class="upload-preview" id="upload">
  <h3>${tu('title')}</h3>
  <p class="muted">${tu('intro')}</p>
  <label class="ctl block"><span>${tu('files')}</span>`,
        html`<input type="file" id="u-files" multiple accept=".csv,.xlsx,.geojson,.json"></label>
  <label class="ctl block"><span>${tu('crs')}</span>`,
        html`<input type="text" id="u-crs" value="${crs}" placeholder="GCJ02"></label>
  <div class="builder-row"><button type="button" class="btn" id="u-preview">${tu('preview')}</button>`,
        html`<button type="button" class="btn btn-primary" id="u-import"${p?.accepted ? '' : html` disabled`}>`,
        html`${tu('import')}</button></div>
  ${this.message ? html`<p class="${this.message.kind}" id="u-message">${this.message.text}</p>` : ''}
  `,
        html`${
          p
            ? htmlJoin(
                html`<div id="u-result" data-accepted="${String(p.accepted)}">
    <p class="${p.accepted ? 'info' : 'error'}" id="u-verdict">`,
                html`<b>${p.accepted ? tu('accepted') : tu('refused', { n: p.problems.length })}`,
                html`</b>${totals ? html` · ${tu('changes', totals)}` : ''}</p>
    `,
                html`${Object.entries(p.layouts).map(([file, l]) =>
                  htmlJoin(
                    html`<div class="u-file" data-file="${file}"><h4>${file}</h4>`,
                    html`<p class="u-header">${tu('headerRow', { rows: l.headerRows.join(', ') })}</p>
      <table class="grid-table u-mapping"><thead><tr><th>${tu('column')}</th><th>${tu('field')}</th></tr>`,
                    html`</thead><tbody>`,
                    html`${l.columns.map((c) =>
                      htmlJoin(
                        html`<tr data-source="${c.source}"><td>${c.source}</td>`,
                        html`<td>${c.field ?? html`<span class="muted">${tu('attribute')}</span>`}</td></tr>`,
                      ),
                    )}`,
                    html`</tbody></table>
      `,
                    html`${
                      l.skipped.length
                        ? htmlJoin(
                            html`<h5>${tu('skipped')}</h5><ul class="u-skipped">`,
                            htmlJoin(
                              html`${l.skipped.map((s) => html`<li data-row="${s.row}">${tu('row', { n: s.row })}: ${zh(s.reason)}</li>`)}`,
                              html`</ul>`,
                            ),
                          )
                        : ''
                    }`,
                    html`</div>`,
                  ),
                )}
    `,
                html`${Object.entries(p.sample).map(([layer, rows]) => {
                  // The fields a bureau checks first (code, name, counts), then the rest, as many as fit the panel.
                  const first = ['code', 'name', 'stages', 'enrolment', 'classes', 'approvedSeats', 'year', 'population', 'households'];
                  const all = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'attributes');
                  const cols = [...first.filter((k) => all.includes(k)), ...all.filter((k) => !first.includes(k))].slice(0, 8);
                  return htmlJoin(
                    html`<h4>${tu('sample')} · ${layer}</h4><div class="u-sample-wrap">`,
                    html`<table class="grid-table u-sample" data-layer="${layer}"><thead><tr>${cols.map((c) => html`<th>${c}</th>`)}`,
                    html`</tr></thead><tbody>`,
                    html`${rows.map((r) => html`<tr>${cols.map((c) => html`<td>${cell(r[c])}</td>`)}</tr>`)}</tbody>`,
                    html`</table></div>`,
                  );
                })}
    `,
                html`${
                  p.problems.length
                    ? htmlJoin(
                        html`<h4>${tu('problems')}</h4><ul class="u-problems">`,
                        html`${p.problems.map((x) => html`<li class="error">${where(x)}: ${zh(x.message)}</li>`)}</ul>`,
                      )
                    : ''
                }
    `,
                html`${
                  p.notices.length
                    ? htmlJoin(
                        html`<h4>${tu('notices')}</h4><ul class="u-notices">`,
                        html`${p.notices.map((x) =>
                          htmlJoin(
                            html`<li data-kind="${x.kind}">`,
                            html`${lang() === 'zh' && NOTICE_ZH[x.kind] ? html`<b>${NOTICE_ZH[x.kind]}</b> · ` : ''}${where(x)}: `,
                            html`${x.message}</li>`,
                          ),
                        )}`,
                        html`</ul>`,
                      )
                    : ''
                }
  </div>`,
              )
            : ''
        }
</section>`,
      ),
    );
    if (keep) ($('#u-files', this.el) as HTMLInputElement).files = keep;
    $('#u-preview', this.el).addEventListener('click', () => void this.send(true));
    $('#u-import', this.el).addEventListener('click', () => void this.send(false));
  }
}
