import ExcelJS from 'exceljs';

export type Lang = 'zh' | 'en';

/**
 * How a column is shown. `count`: whole things (seats, classes, schools), rounded one by one; `pupils`: projected or
 * planned pupils, rounded by largest remainder within the sheet's groups (so rounded parts add up to the rounded
 * total); `share`: a fraction shown as a percentage; `km`/`minutes`: one decimal; `enum`: a value translated with
 * {@link VALUES}; `year`, `code`, `text`: as they are; `number`: as given (headline figures, rounded by their maker).
 */
export type ColumnKind = 'text' | 'code' | 'enum' | 'count' | 'pupils' | 'share' | 'km' | 'minutes' | 'year' | 'number';

interface Column {
  zh: string;
  en: string;
  kind: ColumnKind;
}

/** Every exported column: headers in both languages and how the values are shown. */
export const COLUMNS: Record<string, Column> = {
  subjectType: { zh: '对象类型', en: 'subject type', kind: 'enum' },
  subjectCode: { zh: '对象代码', en: 'subject code', kind: 'code' },
  subjectName: { zh: '对象名称', en: 'subject name', kind: 'text' },
  code: { zh: '代码', en: 'code', kind: 'code' },
  name: { zh: '名称', en: 'name', kind: 'text' },
  stage: { zh: '学段', en: 'stage', kind: 'enum' },
  year: { zh: '年份', en: 'year', kind: 'year' },
  seats: { zh: '学位数', en: 'seats', kind: 'count' },
  intakeSeats: { zh: '招生学位', en: 'intake seats', kind: 'count' },
  demandResident: { zh: '常住需求(人)', en: 'demand, resident (pupils)', kind: 'pupils' },
  demandRegistered: { zh: '户籍需求(人)', en: 'demand, registered (pupils)', kind: 'pupils' },
  utilisationResident: { zh: '常住学位使用率', en: 'utilisation (resident)', kind: 'share' },
  utilisationRegistered: { zh: '户籍学位使用率', en: 'utilisation (registered)', kind: 'share' },
  seatShortage: { zh: '学位缺口', en: 'seats short', kind: 'count' },
  seatSurplus: { zh: '富余学位', en: 'spare seats', kind: 'count' },
  balance: { zh: '供需状态', en: 'balance', kind: 'enum' },
  classesShort: { zh: '缺班数', en: 'classes short', kind: 'count' },
  level: { zh: '预警等级', en: 'level', kind: 'enum' },
  kind: { zh: '类别', en: 'kind', kind: 'enum' },
  rule: { zh: '规则', en: 'rule', kind: 'enum' },
  population: { zh: '口径', en: 'population', kind: 'enum' },
  onsetYear: { zh: '起始年份', en: 'onset year', kind: 'year' },
  pAtLeast100: { zh: '学位不足概率', en: 'P(utilisation ≥ 100 %)', kind: 'share' },
  pAtLeast90: { zh: '使用率≥90%概率', en: 'P(utilisation ≥ 90 %)', kind: 'share' },
  message: { zh: '说明', en: 'message', kind: 'text' },
  unitCode: { zh: '村社区代码', en: 'unit code', kind: 'code' },
  unitName: { zh: '村社区', en: 'unit', kind: 'text' },
  band: { zh: '年级段', en: 'grade band', kind: 'enum' },
  fromSchool: { zh: '原学校代码', en: 'from school code', kind: 'code' },
  fromSchoolName: { zh: '原学校', en: 'from school', kind: 'text' },
  toSchool: { zh: '去向学校代码', en: 'to school code', kind: 'code' },
  toSchoolName: { zh: '去向学校', en: 'to school', kind: 'text' },
  countyCode: { zh: '县(市、区)代码', en: 'county code', kind: 'code' },
  countyName: { zh: '县(市、区)', en: 'county', kind: 'text' },
  townshipCode: { zh: '乡镇(街道)代码', en: 'township code', kind: 'code' },
  townshipName: { zh: '乡镇(街道)', en: 'township', kind: 'text' },
  reason: { zh: '调整原因', en: 'reason', kind: 'enum' },
  share: { zh: '比例', en: 'share', kind: 'share' },
  travelBeforeKm: { zh: '原通学距离(km)', en: 'travel before (km)', kind: 'km' },
  travelAfterKm: { zh: '新通学距离(km)', en: 'travel after (km)', kind: 'km' },
  travelBeforeMinutes: { zh: '原通学时间(分钟)', en: 'travel before (min)', kind: 'minutes' },
  travelAfterMinutes: { zh: '新通学时间(分钟)', en: 'travel after (min)', kind: 'minutes' },
  meanTravelBeforeMinutes: { zh: '原平均通学时间(分钟)', en: 'mean travel before (min)', kind: 'minutes' },
  meanTravelAfterMinutes: { zh: '新平均通学时间(分钟)', en: 'mean travel after (min)', kind: 'minutes' },
  maxTravelAfterMinutes: { zh: '新最长通学时间(分钟)', en: 'max travel after (min)', kind: 'minutes' },
  travelSource: { zh: '距离来源', en: 'travel source', kind: 'enum' },
  pupils: { zh: '学生数', en: 'pupils', kind: 'pupils' },
  moved: { zh: '是否转移', en: 'moved', kind: 'enum' },
  boarding: { zh: '寄宿', en: 'boarding', kind: 'enum' },
  primaryDemand: { zh: '小学需求(人)', en: 'primary demand (pupils)', kind: 'pupils' },
  primarySeats: { zh: '小学学位', en: 'primary seats', kind: 'count' },
  juniorDemand: { zh: '初中需求(人)', en: 'junior demand (pupils)', kind: 'pupils' },
  juniorSeats: { zh: '初中学位', en: 'junior seats', kind: 'count' },
  closureYear: { zh: '撤并年份', en: 'closure year', kind: 'year' },
  closureKind: { zh: '撤并方式', en: 'closure kind', kind: 'enum' },
  closureRule: { zh: '撤并依据', en: 'closure rule', kind: 'enum' },
  enrolmentToday: { zh: '现有学生数', en: 'pupils today', kind: 'count' },
  pupilsOut: { zh: '转出学生数', en: 'pupils moved out', kind: 'pupils' },
  receivingSchools: { zh: '接收学校(学生数)', en: 'receiving schools (pupils)', kind: 'text' },
  metric: { zh: '指标', en: 'figure', kind: 'text' },
  definition: { zh: '口径说明', en: 'definition', kind: 'text' },
  unit: { zh: '单位', en: 'unit', kind: 'text' },
  value: { zh: '数值', en: 'value', kind: 'number' },
  lo80: { zh: '80%区间下限', en: '80 % low', kind: 'number' },
  hi80: { zh: '80%区间上限', en: '80 % high', kind: 'number' },
  lo95: { zh: '95%区间下限', en: '95 % low', kind: 'number' },
  hi95: { zh: '95%区间上限', en: '95 % high', kind: 'number' },
  valueA: { zh: '方案A', en: 'run A', kind: 'number' },
  lo80A: { zh: 'A 80%下限', en: 'A 80 % low', kind: 'number' },
  hi80A: { zh: 'A 80%上限', en: 'A 80 % high', kind: 'number' },
  lo95A: { zh: 'A 95%下限', en: 'A 95 % low', kind: 'number' },
  hi95A: { zh: 'A 95%上限', en: 'A 95 % high', kind: 'number' },
  valueB: { zh: '方案B', en: 'run B', kind: 'number' },
  lo80B: { zh: 'B 80%下限', en: 'B 80 % low', kind: 'number' },
  hi80B: { zh: 'B 80%上限', en: 'B 80 % high', kind: 'number' },
  lo95B: { zh: 'B 95%下限', en: 'B 95 % low', kind: 'number' },
  hi95B: { zh: 'B 95%上限', en: 'B 95 % high', kind: 'number' },
  difference: { zh: '差值(B−A)', en: 'difference (B − A)', kind: 'number' },
  statusA: { zh: '方案A状态', en: 'status in A', kind: 'enum' },
  statusB: { zh: '方案B状态', en: 'status in B', kind: 'enum' },
};

/** Coded values in both languages (what the stored results carry in English). */
export const VALUES: Record<string, Record<Lang, string>> = {
  school: { zh: '学校', en: 'school' },
  catchment: { zh: '学区', en: 'catchment' },
  township: { zh: '乡镇(街道)', en: 'township' },
  county: { zh: '县(市、区)', en: 'county' },
  city: { zh: '全市', en: 'city' },
  district: { zh: '片区', en: 'district' },
  unit: { zh: '村社区', en: 'unit' },
  kindergarten: { zh: '幼儿园', en: 'kindergarten' },
  primary: { zh: '小学', en: 'primary' },
  junior: { zh: '初中', en: 'junior' },
  senior: { zh: '高中', en: 'senior' },
  special: { zh: '特殊教育', en: 'special' },
  resident: { zh: '常住', en: 'resident' },
  registered: { zh: '户籍', en: 'registered' },
  red: { zh: '红色', en: 'red' },
  orange: { zh: '橙色', en: 'orange' },
  yellow: { zh: '黄色', en: 'yellow' },
  notice: { zh: '提示', en: 'notice' },
  ok: { zh: '正常', en: 'ok' },
  closed: { zh: '撤并', en: 'closed' },
  shortage: { zh: '学位不足', en: 'shortage' },
  surplus: { zh: '学位富余', en: 'surplus' },
  balanced: { zh: '持平', en: 'balanced' },
  underuse: { zh: '学位闲置', en: 'underuse' },
  small_school: { zh: '小规模学校', en: 'small school' },
  class_size: { zh: '大班额', en: 'class size' },
  intake: { zh: '招生学位', en: 'intake' },
  lower: { zh: '1-3年级', en: 'grades 1-3' },
  upper: { zh: '4-6年级', en: 'grades 4-6' },
  closure: { zh: '撤并分流', en: 'closure' },
  merge: { zh: '整体合并', en: 'merge' },
  teaching_point: { zh: '改设教学点', en: 'teaching point' },
  rezoning: { zh: '学区调整', en: 're-zoning' },
  must_close: { zh: '方案指定撤并', en: 'named in the scenario' },
  merge_pair: { zh: '指定合并', en: 'merge pair' },
  small_school_cap: { zh: '小规模学校上限', en: 'small-school cap' },
  cost: { zh: '成本最优', en: 'lowest cost' },
  roads: { zh: '道路网', en: 'road network' },
  'straight-line': { zh: '直线×绕行系数', en: 'straight line × detour' },
  true: { zh: '是', en: 'yes' },
  false: { zh: '否', en: 'no' },
};

/** A column's header: known keys from {@link COLUMNS}; `pupils_2027` is the 2027 pupils of a plan row. */
export function header(key: string, lang: Lang): string {
  const c = COLUMNS[key];
  if (c) return c[lang];
  const y = /^pupils_(\d{4})$/.exec(key);
  if (y) return lang === 'zh' ? `${y[1]}年学生数` : `pupils ${y[1]}`;
  return key;
}

/** How a column is shown (`pupils_YYYY` columns are pupils; unknown keys as numbers or text). */
export function kindOf(key: string): ColumnKind {
  return COLUMNS[key]?.kind ?? (/^pupils_\d{4}$/.test(key) ? 'pupils' : 'text');
}

/**
 * A coded value in the chosen language (unknown values unchanged; booleans as 是/否 or yes/no).
 * @example translateValue('junior', 'zh') // '初中'
 */
export function translateValue(v: unknown, lang: Lang): unknown {
  if (typeof v === 'boolean') return VALUES[String(v)][lang];
  if (typeof v === 'string' && VALUES[v]) return VALUES[v][lang];
  return v;
}

/**
 * Largest-remainder rounding: each value floored, then the units still missing to reach the rounded total go to the
 * values with the largest fractional parts (ties to the earlier value). The rounded parts add up to round(sum).
 * Non-finite values stay as they are and do not count.
 * @example roundParts([10.4, 5.6, 0.4, 0.6]) // [10, 6, 0, 1]: sum 17 = round(17.0)
 */
export function roundParts(values: readonly number[]): number[] {
  const out = values.map((v) => (Number.isFinite(v) ? Math.floor(v) : v));
  const finite = values.map((v, i) => ({ i, frac: Number.isFinite(v) ? v - Math.floor(v) : -1 })).filter((x) => x.frac >= 0);
  const sum = finite.reduce((a, x) => a + values[x.i], 0);
  let missing = Math.round(sum) - finite.reduce((a, x) => a + out[x.i], 0);
  finite.sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const x of finite) {
    if (missing <= 0) break;
    out[x.i] += 1;
    missing--;
  }
  return out;
}

/** Rounds the `pupils` columns of rows by largest remainder within each group (rows with the same `groupOf`). */
export function roundPupils(rows: Record<string, unknown>[], groupOf: (row: Record<string, unknown>) => string): Record<string, unknown>[] {
  const out = rows.map((r) => ({ ...r }));
  const keys = new Set(rows.flatMap((r) => Object.keys(r)).filter((k) => kindOf(k) === 'pupils'));
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const g = groupOf(r);
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  for (const key of keys)
    for (const idx of groups.values()) {
      const at = idx.filter((i) => typeof rows[i][key] === 'number');
      const rounded = roundParts(at.map((i) => rows[i][key] as number));
      at.forEach((i, j) => (out[i][key] = rounded[j]));
    }
  return out;
}

/** One sheet of an export: its name, rows (keys from {@link COLUMNS}) and how pupils are grouped for rounding. */
export interface ExportSheet {
  name: string;
  rows: Record<string, unknown>[];
  /** Rows whose pupils should add up (same key): e.g. one village's split, or one stage and year of a table. */
  groupOf?: (row: Record<string, unknown>) => string;
}

/** A row as shown: counts whole, pupils already rounded by the caller, coded values translated, nested objects flat. */
function displayRow(r: Record<string, unknown>, keys: string[], lang: Lang, percent: boolean): unknown[] {
  return keys.map((k) => {
    const v = r[k];
    if (v === null || v === undefined) return null;
    const kind = kindOf(k);
    if (typeof v === 'number') {
      if (kind === 'count' || kind === 'pupils') return Math.round(v);
      if (kind === 'share') return percent ? Math.round(v * 1000) / 10 : v;
      if (kind === 'km' || kind === 'minutes') return Math.round(v * 10) / 10;
      return v;
    }
    if (kind === 'enum' || typeof v === 'boolean') return translateValue(v, lang);
    if (typeof v === 'object') return JSON.stringify(v);
    return v;
  });
}

function sheetKeys(rows: Record<string, unknown>[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  return keys;
}

/**
 * One CSV cell. Text starting with `=`, `+`, `-`, `@`, tab or CR is what spreadsheets run as a formula
 * (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`): it gets a leading apostrophe so it shows as text (OWASP CSV
 * injection). Numbers are written as numbers, so -5 stays -5.
 * @example csvCell('=1+2') // "'=1+2"
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v !== 'number' && typeof v !== 'bigint' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header of a CSV column: shares are written as percentages, so their header says "(%)". */
function csvHeader(k: string, lang: Lang): string {
  return kindOf(k) === 'share' ? `${header(k, lang)}(%)` : header(k, lang);
}

/**
 * Rows as CSV (UTF-8 with BOM so Excel opens Chinese correctly): headers and coded values in the chosen language,
 * counts and pupils whole (pupils by largest remainder within `groupOf`), shares as percentages (87.5 = 87.5 %).
 * Every cell goes through {@link csvCell}.
 * @example toCsv([{ stage: 'junior', seats: 1329.5, utilisationResident: 0.875 }], 'zh') // "\ufeff学段,学位数,常住学位使用率(%)\n初中,1330,87.5\n"
 */
export function toCsv(rows: Record<string, unknown>[], lang: Lang, groupOf: ExportSheet['groupOf'] = () => ''): string {
  if (rows.length === 0) return '\ufeff\n';
  const keys = sheetKeys(rows);
  const shown = roundPupils(rows, groupOf);
  return (
    '\ufeff' +
    [
      keys.map((k) => csvCell(csvHeader(k, lang))).join(','),
      ...shown.map((r) => displayRow(r, keys, lang, true).map(csvCell).join(',')),
    ].join('\n') +
    '\n'
  );
}

/** Several CSV sections in one file (a comparison export): each sheet's name on its own line, then its table. */
export function toCsvSections(sheets: ExportSheet[], lang: Lang): string {
  return '\ufeff' + sheets.map((s) => `${csvCell(s.name)}\n${toCsv(s.rows, lang, s.groupOf).slice(1)}`).join('\n');
}

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  count: '#,##0',
  pupils: '#,##0',
  share: '0.0%',
  km: '0.0',
  minutes: '0.0',
  year: '0',
};

/**
 * Sheets as one XLSX workbook: headers and coded values in the chosen language, whole counts and pupils (largest
 * remainder within each sheet's groups), shares as percentages (the cell keeps the fraction, formatted 0.0 %), number
 * formats by column, header row frozen and bold, an autofilter over the table and column widths from the content.
 * Sheet names are cut to Excel's 31 characters.
 * @example await toWorkbook([{ name: '学校', rows }], 'zh') // Buffer of a .xlsx
 */
export async function toWorkbook(sheets: ExportSheet[], lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const used = new Set<string>();
  for (const s of sheets) {
    let name = s.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
    for (let i = 2; used.has(name); i++) name = `${s.name.slice(0, 28)} ${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    const keys = sheetKeys(s.rows);
    if (keys.length === 0) {
      ws.addRow([lang === 'zh' ? '(无数据)' : '(no rows)']);
      continue;
    }
    ws.addRow(keys.map((k) => header(k, lang)));
    ws.getRow(1).font = { bold: true };
    for (const r of roundPupils(s.rows, s.groupOf ?? (() => ''))) ws.addRow(displayRow(r, keys, lang, false));
    keys.forEach((k, i) => {
      const col = ws.getColumn(i + 1);
      const fmt = NUM_FMT[kindOf(k)];
      if (fmt) col.eachCell((cell, row) => row > 1 && typeof cell.value === 'number' && (cell.numFmt = fmt));
      let width = [...header(k, lang)].reduce((a, ch) => a + (ch.charCodeAt(0) > 255 ? 2 : 1), 0);
      col.eachCell((cell) => {
        const text =
          typeof cell.value === 'number' ? cell.value.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(cell.value ?? '');
        width = Math.max(
          width,
          [...text].reduce((a, ch) => a + (ch.charCodeAt(0) > 255 ? 2 : 1), 0),
        );
      });
      col.width = Math.min(60, Math.max(8, width + 2));
    });
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, s.rows.length + 1), column: keys.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rows as an XLSX workbook with one sheet (see {@link toWorkbook}). */
export async function toXlsx(
  rows: Record<string, unknown>[],
  sheet: string,
  lang: Lang,
  groupOf?: ExportSheet['groupOf'],
): Promise<Buffer> {
  return toWorkbook([{ name: sheet, rows, groupOf }], lang);
}
