import type { SchoolRecord } from '@app/domain';
import ExcelJS from 'exceljs';
import type { ClosureRule, ConsolidationPlan, GradeBand, MoveReason, SchoolPlan } from './types';

/** Where one village band goes when the school closes. */
export interface DossierMove {
  unitCode: string;
  unitName: string;
  band: GradeBand;
  toSchool: string;
  toSchoolName: string;
  year: number;
  pupils: number;
  boarding: boolean;
  travelBeforeKm: number | null;
  travelAfterKm: number;
  travelBeforeMinutes: number | null;
  travelAfterMinutes: number | null;
}

/** A receiving school: classes before and after, and the year its added classes must be ready. */
export interface DossierReceiver {
  code: string;
  name: string;
  classesBefore: number;
  classesAfter: number;
  readyYear: number | null;
  pupilsReceived: number;
}

/** The evidence for one closure (可行性论证、公示、听证). */
export interface ClosureDossier {
  code: string;
  name: string;
  countyCode: string | null;
  townshipCode: string | null;
  closureYear: number;
  kind: Exclude<MoveReason, 'rezoning'>;
  rule: ClosureRule;
  /** The rule in words (Chinese). */
  ruleText: string;
  enrolmentToday: number;
  enrolmentStatusQuo: number;
  /** Pupils today by grade (the school record), keys as in the record. */
  pupilsByGrade: Record<string, number>;
  moves: DossierMove[];
  boardingPlacesNeeded: number;
  receivers: DossierReceiver[];
  /** CNY per year after the closure: operating saved, travel added, added classes; one-off move cost. */
  costs: { operatingSavedPerYear: number; travelAddedPerYear: number; expansionPerYear: number; moveCostOnce: number };
}

/** One county's closures and the small schools it keeps. */
export interface CountySummary {
  countyCode: string;
  closuresByYear: Record<string, string[]>;
  pupilsMoved: number;
  boardingPlacesNeeded: number;
  classesAdded: number;
  smallSchoolsAfter: string[];
}

const KIND_ZH: Record<ClosureDossier['kind'], string> = { closure: '撤销', merge: '合并', teaching_point: '改设教学点' };
const RULE_ZH: Record<ClosureRule, string> = {
  must_close: '方案指定撤并(mustClose)',
  merge_pair: '方案指定两校合并,择优保留校址',
  small_school_cap: '小规模学校控制目标:目标年不足规模线,须撤并或并入他校',
  cost: '运行成本:撤并后总成本(运行、交通、扩班)更低',
};
const BAND_ZH: Record<GradeBand, string> = { lower: '1-3年级', upper: '4-6年级', junior: '7-9年级' };

/**
 * The dossier of every school the plan closes: its pupils by grade, where each village's pupils go and how far,
 * boarding places needed, the receiving schools' classes before/after with the year they must be ready, costs and
 * the rule that allowed or forced the closure. `schools` gives per-grade pupils and classes (the run's records).
 * @example const dossiers = closureDossiers(plan, records.schools); dossiers[0].receivers[0].readyYear
 */
export function closureDossiers(
  plan: ConsolidationPlan,
  schools: readonly SchoolRecord[],
  opts: { travelCostPerPupilKm?: number; fixedCostPerSchool?: number; expansionCostPerClass?: number; moveCostPerPupil?: number } = {},
): ClosureDossier[] {
  const record = new Map(schools.map((s) => [s.code, s]));
  const byCode = new Map(plan.schools.map((s) => [s.code, s]));
  const travelCost = opts.travelCostPerPupilKm ?? 400;
  const out: ClosureDossier[] = [];
  for (const sp of plan.schools) {
    if (sp.decision !== 'close' || sp.closureYear === null) continue;
    const moves: DossierMove[] = plan.villages
      .filter((v) => v.moved && v.fromSchool === sp.code && v.reason !== 'rezoning' && v.year !== null)
      .map((v) => ({
        unitCode: v.unitCode,
        unitName: v.unitName,
        band: v.band,
        toSchool: v.toSchool,
        toSchoolName: byCode.get(v.toSchool)?.name ?? v.toSchool,
        year: v.year!,
        pupils: v.pupils,
        boarding: v.boarding,
        travelBeforeKm: v.travelBeforeKm,
        travelAfterKm: v.travelAfterKm,
        travelBeforeMinutes: v.travelBeforeMinutes,
        travelAfterMinutes: v.travelAfterMinutes,
      }));
    const receivers: DossierReceiver[] = [...new Set(moves.map((m) => m.toSchool))].sort().map((code) => {
      const r = byCode.get(code) as SchoolPlan;
      const rec = record.get(code);
      const mine = r.expansions.filter((e) => e.forClosures.includes(sp.code));
      const upTo = r.expansions.filter((e) => e.readyYear <= sp.closureYear! - 1).reduce((n, e) => n + e.classes, 0);
      const before = rec?.classes ?? 0;
      return {
        code,
        name: r.name,
        classesBefore: before,
        classesAfter: before + upTo,
        readyYear: mine.length ? Math.min(...mine.map((e) => e.readyYear)) : null,
        pupilsReceived: moves.filter((m) => m.toSchool === code).reduce((n, m) => n + m.pupils, 0),
      };
    });
    const added = receivers.reduce((n, r) => n + (r.readyYear !== null ? r.classesAfter - r.classesBefore : 0), 0);
    const moved = moves.reduce((n, m) => n + m.pupils, 0);
    out.push({
      code: sp.code,
      name: sp.name,
      countyCode: sp.countyCode,
      townshipCode: sp.townshipCode,
      closureYear: sp.closureYear,
      kind: sp.closureKind ?? 'closure',
      rule: sp.closureRule ?? 'cost',
      ruleText: RULE_ZH[sp.closureRule ?? 'cost'],
      enrolmentToday: sp.enrolmentToday,
      enrolmentStatusQuo: sp.enrolmentStatusQuo,
      pupilsByGrade: { ...(record.get(sp.code)?.enrolmentByGrade ?? {}) },
      moves,
      boardingPlacesNeeded: moves.filter((m) => m.boarding).reduce((n, m) => n + m.pupils, 0),
      receivers,
      costs: {
        operatingSavedPerYear: opts.fixedCostPerSchool ?? 200_000,
        travelAddedPerYear: moves.reduce((n, m) => n + travelCost * m.pupils * (m.travelAfterKm - (m.travelBeforeKm ?? 0)), 0),
        expansionPerYear: (opts.expansionCostPerClass ?? 120_000) * added,
        moveCostOnce: (opts.moveCostPerPupil ?? 2_000) * moved,
      },
    });
  }
  return out.sort(
    (a, b) => (a.countyCode ?? '').localeCompare(b.countyCode ?? '') || a.closureYear - b.closureYear || a.code.localeCompare(b.code),
  );
}

/**
 * Per county: closures by year, pupils moved by closures, boarding places and classes needed, small schools kept.
 * @example countySummaries(plan, closureDossiers(plan, schools))[0].closuresByYear
 */
export function countySummaries(plan: ConsolidationPlan, dossiers: readonly ClosureDossier[]): CountySummary[] {
  const counties = new Set<string>([...dossiers.map((d) => d.countyCode ?? ''), ...Object.keys(plan.smallSchoolsByCounty)]);
  return [...counties].sort().map((c) => {
    const mine = dossiers.filter((d) => (d.countyCode ?? '') === c);
    const closuresByYear: Record<string, string[]> = {};
    for (const d of mine) (closuresByYear[d.closureYear] ??= []).push(d.code);
    return {
      countyCode: c,
      closuresByYear,
      pupilsMoved: mine.reduce((n, d) => n + d.moves.reduce((m, x) => m + x.pupils, 0), 0),
      boardingPlacesNeeded: mine.reduce((n, d) => n + d.boardingPlacesNeeded, 0),
      classesAdded: mine.reduce(
        (n, d) => n + d.receivers.reduce((m, r) => m + (r.readyYear !== null ? r.classesAfter - r.classesBefore : 0), 0),
        0,
      ),
      smallSchoolsAfter: [...(plan.smallSchoolsByCounty[c] ?? [])],
    };
  });
}

const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const r1 = (x: number | null): string => (x === null ? '—' : (Math.round(x * 10) / 10).toFixed(1));
const n0 = (x: number): string => Math.round(x).toLocaleString('zh-CN');

/**
 * One closure's dossier as a self-contained HTML page (Chinese).
 * @example res.send(dossierHtml(closureDossiers(plan, schools)[0]))
 */
export function dossierHtml(d: ClosureDossier): string {
  const grades = Object.entries(d.pupilsByGrade)
    .filter(([g]) => Number(g) >= 1 && Number(g) <= 9)
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  return (
    `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${esc(d.name)} ` +
    `${KIND_ZH[d.kind]}论证材料</title>
<style>body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;margin:.5em 0}td,` +
    `th{border:1px solid #999;padding:.2em .5em;text-align:right}th{background:#eee}td:first-child,th:` +
    `first-child{text-align:left}</style></head><body>
<h1>${esc(d.name)}(${esc(d.code)})${KIND_ZH[d.kind]}论证材料</h1>
<p>县(市、区)${esc(d.countyCode)} · 乡镇(街道)${esc(d.townshipCode)} · 撤并年份 <b>${d.closureYear}</b> 年秋季起</p>
<h2>一、依据</h2><p>${esc(d.ruleText)}。现有在校生 ${n0(d.enrolmentToday)} 人,不调整时目标年 ${n0(d.enrolmentStatusQuo)} 人。</p>
<h2>二、分年级在校生</h2><table><tr>${grades.map(([g]) => `<th>${esc(g)}年级</th>`).join('')}</tr><tr>` +
    `${grades.map(([, v]) => `<td>${n0(v)}</td>`).join('')}</tr></table>
<h2>三、各村(社区)学生去向</h2><table><tr><th>村(社区)</th><th>年级段</th><th>去向学校</th><th>年份</th><th>学生数</th><th>原距离(km)` +
    `</th><th>新距离(km)</th><th>原时间(分钟)</th><th>新时间(分钟)</th><th>寄宿</th></tr>
` +
    `${d.moves
      .map(
        (m) =>
          `<tr><td>${esc(m.unitName)}(${esc(m.unitCode)})` +
          `</td><td>${BAND_ZH[m.band]}</td><td>${esc(m.toSchoolName)}</td><td>${m.year}</td><td>${n0(m.pupils)}</td><td>` +
          `${r1(m.travelBeforeKm)}</td><td>${r1(m.travelAfterKm)}</td><td>${r1(m.travelBeforeMinutes)}</td><td>` +
          `${r1(m.travelAfterMinutes)}</td><td>${m.boarding ? '是' : '否'}</td></tr>`,
      )
      .join('\n')}` +
    `</table>
<p>需新增寄宿床位 ${n0(d.boardingPlacesNeeded)} 个。</p>
<h2>四、接收学校</h2><table><tr><th>学校</th><th>接收学生</th><th>班级数(前)</th><th>班级数(后)</th><th>新增班级须完成年份</th></tr>
` +
    `${d.receivers
      .map(
        (r) =>
          `<tr><td>${esc(r.name)}(${esc(r.code)})</td><td>${n0(r.pupilsReceived)}</td><td>${r.classesBefore}</td><td>` +
          `${r.classesAfter}</td><td>${r.readyYear ?? '无需新增'}</td></tr>`,
      )
      .join('\n')}` +
    `</table>
<h2>五、成本(元)</h2><table><tr><th>项目</th><th>金额</th></tr><tr><td>每年节省运行成本</td><td>` +
    `${n0(d.costs.operatingSavedPerYear)}</td></tr><tr><td>每年增加交通成本</td><td>${n0(d.costs.travelAddedPerYear)}</td><` +
    `/tr><tr><td>每年新增班级成本</td><td>${n0(d.costs.expansionPerYear)}</td></tr><tr><td>一次性转学成本</td><td>` +
    `${n0(d.costs.moveCostOnce)}</td></tr></table>
<p>须经可行性论证、公示和听证程序后实施;接收学校新增班级须在学生转入前一年完成(先建后撤)。</p>
</body></html>`
  );
}

/**
 * The county summary page with links to every closure's dossier (`href(code)` builds the link).
 * @example countySummaryHtml(summaries, dossiers, (c) => `/runs/3/dossiers/${c}`)
 */
export function countySummaryHtml(
  summaries: readonly CountySummary[],
  dossiers: readonly ClosureDossier[],
  href: (code: string) => string,
): string {
  const name = new Map(dossiers.map((d) => [d.code, d.name]));
  return (
    `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>撤并方案县域汇总</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;` +
    `padding:.2em .5em}th{background:#eee}</style></head><body>
<h1>撤并方案县域汇总</h1><table><tr><th>县(市、区)</th><th>分年撤并学校</th><th>转学学生</th><th>新增寄宿床位</th><th>新增班级</th><th>目标年仍不足规` +
    `模线的学校</th></tr>
` +
    `${summaries
      .map(
        (s) =>
          `<tr><td>${esc(s.countyCode)}</td><td>` +
          `${Object.entries(s.closuresByYear)
            .map(([y, codes]) => `${y}: ${codes.map((c) => `<a href="${esc(href(c))}">${esc(name.get(c) ?? c)}</a>`).join('、')}`)
            .join('<br>')}` +
          `</td><td>${n0(s.pupilsMoved)}</td><td>${n0(s.boardingPlacesNeeded)}</td><td>${s.classesAdded}</td><td>` +
          `${s.smallSchoolsAfter.length}: ${esc(s.smallSchoolsAfter.join('、'))}</td></tr>`,
      )
      .join('\n')}` +
    `</table></body></html>`
  );
}

/**
 * One workbook: a county summary sheet and one sheet per closure (Chinese headers).
 * @example const xlsx = await dossierWorkbook(summaries, dossiers)
 */
export async function dossierWorkbook(summaries: readonly CountySummary[], dossiers: readonly ClosureDossier[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sum = wb.addWorksheet('县域汇总');
  sum.addRow(['县(市、区)', '年份', '撤并学校', '转学学生', '新增寄宿床位', '新增班级', '目标年仍不足规模线的学校']);
  for (const s of summaries) {
    sum.addRow([
      s.countyCode,
      '',
      '',
      Math.round(s.pupilsMoved),
      Math.round(s.boardingPlacesNeeded),
      s.classesAdded,
      s.smallSchoolsAfter.join('、'),
    ]);
    for (const [y, codes] of Object.entries(s.closuresByYear)) sum.addRow([s.countyCode, Number(y), codes.join('、')]);
  }
  const used = new Set<string>();
  for (const d of dossiers) {
    // Sheet names: at most 31 characters, unique.
    let title = `${d.code}`.slice(0, 31);
    for (let i = 2; used.has(title); i++) title = `${d.code.slice(0, 28)}-${i}`;
    used.add(title);
    const ws = wb.addWorksheet(title);
    ws.addRow(['学校', `${d.name}(${d.code})`]);
    ws.addRow(['方式', KIND_ZH[d.kind]]);
    ws.addRow(['撤并年份', d.closureYear]);
    ws.addRow(['依据', d.ruleText]);
    ws.addRow(['现有在校生', d.enrolmentToday]);
    ws.addRow(['分年级在校生', ...Object.entries(d.pupilsByGrade).map(([g, v]) => `${g}年级 ${v}`)]);
    ws.addRow([]);
    ws.addRow([
      '村(社区)代码',
      '村(社区)',
      '年级段',
      '去向学校',
      '年份',
      '学生数',
      '原距离(km)',
      '新距离(km)',
      '原时间(分钟)',
      '新时间(分钟)',
      '寄宿',
    ]);
    for (const m of d.moves)
      ws.addRow([
        m.unitCode,
        m.unitName,
        BAND_ZH[m.band],
        m.toSchoolName,
        m.year,
        m.pupils,
        m.travelBeforeKm,
        m.travelAfterKm,
        m.travelBeforeMinutes,
        m.travelAfterMinutes,
        m.boarding ? '是' : '否',
      ]);
    ws.addRow(['新增寄宿床位', d.boardingPlacesNeeded]);
    ws.addRow([]);
    ws.addRow(['接收学校', '接收学生', '班级数(前)', '班级数(后)', '新增班级须完成年份']);
    for (const r of d.receivers)
      ws.addRow([`${r.name}(${r.code})`, r.pupilsReceived, r.classesBefore, r.classesAfter, r.readyYear ?? '无需新增']);
    ws.addRow([]);
    ws.addRow(['每年节省运行成本', d.costs.operatingSavedPerYear]);
    ws.addRow(['每年增加交通成本', d.costs.travelAddedPerYear]);
    ws.addRow(['每年新增班级成本', d.costs.expansionPerYear]);
    ws.addRow(['一次性转学成本', d.costs.moveCostOnce]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
