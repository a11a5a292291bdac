import ExcelJS from 'exceljs';

export type Lang = 'zh' | 'en';

/** Column headers of every exported table, in both languages. */
export const HEADERS: Record<string, Record<Lang, string>> = {
  subjectType: { zh: '对象类型', en: 'subject type' },
  subjectCode: { zh: '对象代码', en: 'subject code' },
  name: { zh: '名称', en: 'name' },
  stage: { zh: '学段', en: 'stage' },
  year: { zh: '年份', en: 'year' },
  seats: { zh: '学位数', en: 'seats' },
  intakeSeats: { zh: '招生学位', en: 'intake seats' },
  demandResident: { zh: '常住需求', en: 'demand (resident)' },
  demandRegistered: { zh: '户籍需求', en: 'demand (registered)' },
  utilisationResident: { zh: '常住学位使用率', en: 'utilisation (resident)' },
  utilisationRegistered: { zh: '户籍学位使用率', en: 'utilisation (registered)' },
  seatGap: { zh: '学位缺口', en: 'seat gap' },
  classesShort: { zh: '缺班数', en: 'classes short' },
  level: { zh: '预警等级', en: 'level' },
  kind: { zh: '类别', en: 'kind' },
  rule: { zh: '规则', en: 'rule' },
  population: { zh: '口径', en: 'population' },
  onsetYear: { zh: '起始年份', en: 'onset year' },
  message: { zh: '说明', en: 'message' },
  unitCode: { zh: '村社区代码', en: 'unit code' },
  unitName: { zh: '村社区', en: 'unit' },
  band: { zh: '年级段', en: 'grade band' },
  fromSchool: { zh: '原学校', en: 'from school' },
  toSchool: { zh: '去向学校', en: 'to school' },
  countyCode: { zh: '县(市、区)代码', en: 'county code' },
  townshipCode: { zh: '乡镇(街道)代码', en: 'township code' },
  reason: { zh: '调整原因', en: 'reason' },
  share: { zh: '比例', en: 'share' },
  pupilsByYear: { zh: '分年学生数', en: 'pupils by year' },
  travelBeforeKm: { zh: '原通学距离(km)', en: 'travel before (km)' },
  travelAfterKm: { zh: '新通学距离(km)', en: 'travel after (km)' },
  travelBeforeMinutes: { zh: '原通学时间(分钟)', en: 'travel before (min)' },
  travelAfterMinutes: { zh: '新通学时间(分钟)', en: 'travel after (min)' },
  travelSource: { zh: '距离来源', en: 'travel source' },
  pupils: { zh: '学生数', en: 'pupils' },
  moved: { zh: '是否转移', en: 'moved' },
  boarding: { zh: '寄宿', en: 'boarding' },
  primaryDemand: { zh: '小学需求', en: 'primary demand' },
  primarySeats: { zh: '小学学位', en: 'primary seats' },
  juniorDemand: { zh: '初中需求', en: 'junior demand' },
  juniorSeats: { zh: '初中学位', en: 'junior seats' },
};

const header = (k: string, lang: Lang) => HEADERS[k]?.[lang] ?? k;

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

/** Rows as CSV (UTF-8 with BOM so Excel opens Chinese correctly), headers in the chosen language. */
export function toCsv(rows: Record<string, unknown>[], lang: Lang): string {
  if (rows.length === 0) return '\ufeff\n';
  const keys = Object.keys(rows[0]);
  const cell = csvCell;
  return '\ufeff' + [keys.map((k) => cell(header(k, lang))).join(','), ...rows.map((r) => keys.map((k) => cell(r[k])).join(','))].join('\n') + '\n';
}

/** Rows as an XLSX workbook with one sheet. */
export async function toXlsx(rows: Record<string, unknown>[], sheet: string, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  const keys = rows.length ? Object.keys(rows[0]) : [];
  ws.addRow(keys.map((k) => header(k, lang)));
  for (const r of rows) ws.addRow(keys.map((k) => (r[k] !== null && typeof r[k] === 'object' ? JSON.stringify(r[k]) : r[k])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
