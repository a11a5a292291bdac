import type { DatasetRecords } from '@app/domain';
import type { ConsolidationPlan } from '@app/consolidation';
import type { AlertCandidate } from '@app/warnings-model';
import { formatWithInterval, type HeadlineFigure } from '../headline';
import type { RunKpis } from '../run-kpis';
import { escapeHtml as e } from './escape';
import { lineChartSvg, mapSvg, type LegendEntry } from './svg';

export interface ReportData {
  runId: number;
  scenarioName: string;
  datasetVersion: number;
  createdAt: string;
  overrides: unknown;
  kpis: RunKpis;
  /** Headline figures with their 80/95 % intervals (see `headlineFigures`). */
  headline: HeadlineFigure[];
  /** The schools serving each catchment (to colour schools by their catchments' warnings). */
  catchmentSchools?: Record<string, string[]>;
  /** Name of every code the report shows (schools, areas of every level, districts). */
  names: Record<string, string>;
  alerts: Pick<
    AlertCandidate,
    'level' | 'kind' | 'subjectType' | 'subjectCode' | 'stage' | 'population' | 'onsetYear' | 'seatGap' | 'classesShort' | 'message'
  >[];
  plan: ConsolidationPlan | null;
  consolidation: { status: string; message: string } | null;
  records: Pick<DatasetRecords, 'areas' | 'schools' | 'districts'>;
}

const fmt = (v: number | null | undefined, d = 0) =>
  v === null || v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const LEVEL_COLOR: Record<string, string> = { red: '#c0392b', orange: '#e67e22', yellow: '#f1c40f', notice: '#7f8c8d' };
const ZH: Record<string, string> = {
  red: '红色',
  orange: '橙色',
  yellow: '黄色',
  notice: '提示',
  primary: '小学',
  junior: '初中',
  kindergarten: '幼儿园',
  senior: '高中',
  resident: '常住',
  registered: '户籍',
  school: '学校',
  catchment: '学区',
  township: '乡镇',
  county: '县(市、区)',
  city: '全市',
  district: '片区',
};
const zh = (v: string) => ZH[v] ?? v;

/**
 * The self-contained HTML report of a run: KPIs, charts and a map as inline SVG, tables; no script and no external
 * asset, so it opens offline and can be mailed. Every value from the data is escaped.
 * @example writeFileSync('run-3.html', renderRunReport(data));
 */
export function renderRunReport(d: ReportData): string {
  const k = d.kpis;
  const years = k.byYear.map((y) => y.year);
  const chart = lineChartSvg('全市学位与需求 City seats and demand', years, [
    { name: '小学需求 primary demand', values: k.byYear.map((y) => y.primaryDemand), color: '#2563eb' },
    { name: '小学学位 primary seats', values: k.byYear.map((y) => y.primarySeats), color: '#2563eb', dashed: true },
    { name: '初中需求 junior demand', values: k.byYear.map((y) => y.juniorDemand), color: '#16a34a' },
    { name: '初中学位 junior seats', values: k.byYear.map((y) => y.juniorSeats), color: '#16a34a', dashed: true },
  ]);
  const nameOf = (code: string | null | undefined) => (code ? (d.names[code] ?? code) : '—');
  const closed = new Set(d.plan?.schools.filter((s) => s.decision === 'close').map((s) => s.code) ?? []);
  const worst = new Map<string, string>();
  // Seat warnings are raised on catchments: a school takes the worst level of its own and its catchments' warnings.
  const RANK: Record<string, number> = { notice: 1, yellow: 2, orange: 3, red: 4 };
  for (const a of d.alerts) {
    const schools =
      a.subjectType === 'school' ? [a.subjectCode] : a.subjectType === 'catchment' ? (d.catchmentSchools?.[a.subjectCode] ?? []) : [];
    for (const code of schools) if ((RANK[a.level] ?? 0) > (RANK[worst.get(code) ?? ''] ?? 0)) worst.set(code, a.level);
  }
  const map = mapSvg(
    [
      {
        polygons: d.records.areas
          .filter((a) => a.level === 'county')
          .map((a) => ({ geometry: a.geometry, fill: '#f4f6f8', stroke: '#555', title: a.name })),
      },
      {
        polygons: d.records.districts.map((x) => ({
          geometry: x.geometry,
          fill: 'rgba(192,57,43,0.15)',
          stroke: '#c0392b',
          title: x.name,
        })),
      },
      {
        lines: (d.plan?.transfers.features ?? []).map((f) => ({
          from: f.geometry.coordinates[0],
          to: f.geometry.coordinates[f.geometry.coordinates.length - 1],
          stroke: '#c0392b',
          title: `${f.properties.unitName} → ${nameOf(f.properties.toSchool)}: ${Math.round(f.properties.pupils)}人`,
        })),
      },
      {
        points: d.records.schools
          .filter((s) => s.stages.some((st) => st === 'primary' || st === 'junior'))
          .map((s) => ({
            at: [s.lon, s.lat],
            r: closed.has(s.code) ? 3.5 : 2,
            fill: closed.has(s.code) ? '#000' : (LEVEL_COLOR[worst.get(s.code) ?? ''] ?? '#3b82f6'),
            title: `${s.name} (${s.enrolment})${closed.has(s.code) ? ' — 撤并 closed' : ''}`,
          })),
        // Closed schools carry their names on the map (at most 40, so a city-wide plan stays legible).
        labels: d.records.schools
          .filter((s) => closed.has(s.code))
          .slice(0, 40)
          .map((s) => ({ at: [s.lon, s.lat], text: s.name })),
      },
    ],
    760,
    [
      { kind: 'polygon', fill: '#f4f6f8', stroke: '#555', label: '县(市、区)边界 county boundary' },
      ...d.records.districts.map((x): LegendEntry => ({
        kind: 'polygon',
        fill: 'rgba(192,57,43,0.15)',
        stroke: '#c0392b',
        label: `${x.name} district`,
      })),
      { kind: 'point', fill: LEVEL_COLOR.red, r: 3, label: '红色预警学校 red warning' },
      { kind: 'point', fill: LEVEL_COLOR.orange, r: 3, label: '橙色预警学校 orange warning' },
      { kind: 'point', fill: LEVEL_COLOR.yellow, r: 3, label: '黄色预警学校 yellow warning' },
      { kind: 'point', fill: LEVEL_COLOR.notice, r: 3, label: '提示(小规模、闲置等) notice' },
      { kind: 'point', fill: '#3b82f6', r: 3, label: '无预警学校 no warning' },
      { kind: 'point', fill: '#000', r: 3.5, label: '方案撤并学校 closed in the plan' },
      { kind: 'line', stroke: '#c0392b', label: '学生转移 pupils moving' },
    ],
  );
  // Headline figures first, with their 80 % / 95 % intervals where the projection's error model gives them.
  const kpiRows: [string, string][] = [
    // A seat gap says in words which side of zero it is on (a negative gap is spare seats, not a shortage).
    ...d.headline.map((f): [string, string] => [
      `${f.label.zh} ${f.label.en}`,
      f.value === null
        ? '—'
        : `${formatWithInterval(f)} ${f.unit.zh}` +
          `${f.id.startsWith('districtGap.') ? (f.value > 0 ? ' 缺口 short' : f.value < 0 ? ' 富余 spare' : '') : ''}`,
    ]),
    [
      '距离来源 Travel source',
      k.travelSource === 'roads'
        ? '道路网 road network'
        : k.travelSource === 'straight-line'
          ? '直线×绕行系数 straight line x detour'
          : '—',
    ],
    ['平均通学距离 Mean travel km (before → after)', `${fmt(k.meanTravelKmBefore, 2)} → ${fmt(k.meanTravelKmAfter, 2)}`],
    ['最远通学距离 Max travel km (before → after)', `${fmt(k.maxTravelKmBefore, 1)} → ${fmt(k.maxTravelKmAfter, 1)}`],
    ['100人以下学校 Schools under 100 pupils', fmt(k.smallSchoolsUnder100)],
    ...(k.network ?? []).map((n): [string, string] => [
      `${n.year}年${n.maxKm}公里内无学位的${zh(n.stage)}学生 ${n.stage} pupils without a seat within ${n.maxKm} km road (network LP)`,
      `${fmt(n.unmet)} / ${fmt(n.demand)}`,
    ]),
  ];
  const definitions = d.headline
    .filter((f) => f.id.startsWith('districtGap.') && f.id.includes(`.${k.targetYear}`))
    .map((f) => `<li><b>${e(f.label.zh)}</b>：${e(f.definition.zh)}</li>`)
    .join('');
  const indicatorRows = k.indicators
    .map((a) => {
      const c = a.current;
      const cv = c.differenceCoefficients;
      return (
        `<tr><td>` +
        `${e(a.areaType === 'city' ? (d.records.areas.find((x) => x.level === 'city')?.name ?? '全市') : nameOf(a.areaCode))}` +
        `</td><td>${c.smallSchools.total.under200}</td><td>${c.smallSchools.total.under100}</td><td>` +
        `${fmt((c.kindergarten.inclusiveShare ?? 0) * 100, 1)}%</td><td>` +
        `${fmt((c.kindergarten.publicEnrolmentShare ?? 0) * 100, 1)}%</td><td>` +
        `${cv?.primary.composite?.toFixed(3) ?? '—'}</td><td>${cv?.junior.composite?.toFixed(3) ?? '—'}</td></tr>`
      );
    })
    .join('');
  const alertRows = d.alerts
    .filter((a) => a.level === 'red' || a.level === 'yellow' || a.subjectType === 'district')
    .slice(0, 300)
    .map(
      (a) =>
        `<tr><td style="color:${LEVEL_COLOR[a.level] ?? '#333'}">${e(zh(a.level))}</td><td>${e(nameOf(a.subjectCode))} ` +
        `<span class="muted">${e(zh(a.subjectType))} ${e(a.subjectCode)}</span></td><td>${e(zh(a.stage))}</td><td>` +
        `${e(zh(a.population))}</td><td>${a.onsetYear}</td><td>${a.seatGap > 0 ? fmt(a.seatGap) : '—'}</td><td>` +
        `${e(a.message.zh)}</td></tr>`,
    )
    .join('');
  const planRows = (d.plan?.schools ?? [])
    .filter((s) => s.decision === 'close' || s.pupilsIn > 0)
    .map(
      (s) =>
        `<tr><td>${e(s.code)}</td><td>${e(s.name)}</td><td>${s.decision === 'close' ? '撤并 close' : '保留 keep'}</td><td>` +
        `${fmt(s.enrolmentToday)}</td><td>${fmt(s.enrolmentAfter)}</td><td>${fmt(s.pupilsIn)}</td><td>` +
        `${e(s.villagesReceived.map((v) => nameOf(v)).join('、'))}</td></tr>`,
    )
    .join('');
  return (
    `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>方案运行报告 Run ${d.runId}: ${e(d.scenarioName)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;margin:24px;color:#222;max-width:` +
    `1100px}
h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;` +
    `text-align:left}th{background:#f3f4f6}
.muted{color:#666;font-size:12px}pre{background:#f8f8f8;padding:8px;font-size:12px;overflow:auto}
</style></head><body>
<h1>方案运行报告 Scenario run report — ${e(d.scenarioName)} (run ${d.runId})</h1>
<p class="muted">数据版本 dataset version ${d.datasetVersion} · ${e(d.createdAt)} · 方案为规划建议，撤并须经可行性论证、公示和听证 (a ` +
    `plan is a proposal: closures need feasibility study, public notice and hearings).</p>
<h2>关键指标 Key figures</h2><p class="muted">括号内为预测误差模型给出的80%和95%区间 (in brackets: 80 % and 95 % intervals from ` +
    `the projection's error model); 撤并、通学时间为方案决定值，` +
    `无区间.</p><table>${kpiRows.map(([a, b]) => `<tr><th>${e(a)}</th><td>${e(b)}</td></tr>`).join('')}</table>
${definitions ? `<p class="muted">学位缺口口径 Seat-gap definitions:</p><ul class="muted">${definitions}</ul>` : ''}
` +
    `${d.consolidation ? `<p>优化 Optimisation: <b>${e(d.consolidation.status)}</b> — ${e(d.consolidation.message)}</p>` : ''}
<h2>需求与学位 Demand and seats</h2>${chart}
<h2>地图 Map</h2>${map}
<h2>行动计划指标 The plan's indicators</h2>
<table><tr><th>区域 area</th><th>&lt;200</th><th>&lt;100</th><th>普惠园学位占比 inclusive KG places (≥95%)` +
    `</th><th>公办园在园幼儿占比 public KG pupils (≥85%)</th><th>小学差异系数 primary CV (≤0.50)</th><th>初中差异系数 junior CV (&lt;` +
    `0.35)</th></tr>${indicatorRows}</table>
<h2>预警 Warnings (red, yellow, district)</h2>
<table><tr><th>等级 level</th><th>对象 subject</th><th>学段 stage</th><th>口径 count</th><th>起始年份 onset</th><th>学位缺口 ` +
    `seats short</th><th>说明</th></tr>${alertRows}</table>
` +
    `${
      planRows
        ? `<h2>撤并方案 Consolidation plan</h2><table><tr><th>代码 code</th><th>学校 school</th><th>决定 decision</th><th>现有学生 ` +
          `pupils today</th><th>${k.targetYear}年学生 pupils ${k.targetYear}</th><th>接收学生 received</th><th>来自村社区 from ` +
          `villages</th></tr>${planRows}</table>`
        : ''
    }
<h2>方案设置 Overrides</h2><pre>${e(JSON.stringify(d.overrides, null, 2))}</pre>
</body></html>
`
  );
}
