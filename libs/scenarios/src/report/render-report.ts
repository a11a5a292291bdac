import type { DatasetRecords } from '@app/domain';
import type { ConsolidationPlan } from '@app/consolidation';
import type { AlertCandidate } from '@app/matching';
import type { RunKpis } from '../run-kpis';
import { escapeHtml as e } from './escape';
import { lineChartSvg, mapSvg } from './svg';

export interface ReportData {
  runId: number;
  scenarioName: string;
  datasetVersion: number;
  createdAt: string;
  overrides: unknown;
  kpis: RunKpis;
  alerts: Pick<AlertCandidate, 'level' | 'kind' | 'subjectType' | 'subjectCode' | 'stage' | 'population' | 'onsetYear' | 'seatGap' | 'classesShort' | 'message'>[];
  plan: ConsolidationPlan | null;
  consolidation: { status: string; message: string } | null;
  records: Pick<DatasetRecords, 'areas' | 'schools' | 'districts'>;
}

const fmt = (v: number | null | undefined, d = 0) => (v === null || v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const LEVEL_COLOR: Record<string, string> = { red: '#c0392b', orange: '#e67e22', yellow: '#f1c40f', notice: '#7f8c8d' };

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
  const closed = new Set(d.plan?.schools.filter((s) => s.decision === 'close').map((s) => s.code) ?? []);
  const schoolAt = new Map(d.records.schools.map((s) => [s.code, s]));
  const worst = new Map<string, string>();
  for (const a of d.alerts) if (a.subjectType === 'school' && (a.level === 'red' || !worst.has(a.subjectCode))) worst.set(a.subjectCode, a.level);
  const map = mapSvg([
    { polygons: d.records.areas.filter((a) => a.level === 'county').map((a) => ({ geometry: a.geometry, fill: '#f4f6f8', stroke: '#555', title: a.name })) },
    { polygons: d.records.districts.map((x) => ({ geometry: x.geometry, fill: 'rgba(192,57,43,0.15)', stroke: '#c0392b', title: x.name })) },
    { lines: (d.plan?.transfers.features ?? []).map((f) => ({ from: f.geometry.coordinates[0], to: f.geometry.coordinates[f.geometry.coordinates.length - 1], stroke: '#c0392b', title: `${f.properties.unitName} → ${f.properties.toSchool}: ${f.properties.pupils}` })) },
    {
      points: d.records.schools
        .filter((s) => s.stages.some((st) => st === 'primary' || st === 'junior'))
        .map((s) => ({ at: [s.lon, s.lat], r: closed.has(s.code) ? 3.5 : 2, fill: closed.has(s.code) ? '#000' : (LEVEL_COLOR[worst.get(s.code) ?? ''] ?? '#3b82f6'), title: `${s.name} (${s.enrolment})${closed.has(s.code) ? ' — 撤并 closed' : ''}` })),
    },
  ]);
  const kpiRows: [string, string][] = [
    [`${k.targetYear}年200人以下学校 Schools under 200 pupils (cap ${k.smallSchoolsCap})`, fmt(k.smallSchoolsUnder200)],
    ['100人以下学校 Schools under 100 pupils', fmt(k.smallSchoolsUnder100)],
    ['撤并学校 Schools closed', fmt(k.schoolsClosed)],
    ['转移学生 Pupils moved', fmt(k.pupilsMoved)],
    ['平均通学距离 Mean travel km (before → after)', `${fmt(k.meanTravelKmBefore, 2)} → ${fmt(k.meanTravelKmAfter, 2)}`],
    ['最远通学距离 Max travel km (before → after)', `${fmt(k.maxTravelKmBefore, 1)} → ${fmt(k.maxTravelKmAfter, 1)}`],
    ['平均通学时间 Mean travel minutes (before → after)', `${fmt(k.meanTravelMinutesBefore, 1)} → ${fmt(k.meanTravelMinutesAfter, 1)}`],
    ['最长通学时间 Max travel minutes (before → after)', `${fmt(k.maxTravelMinutesBefore, 0)} → ${fmt(k.maxTravelMinutesAfter, 0)}`],
    ['距离来源 Travel source', k.travelSource === 'roads' ? '道路网 road network' : k.travelSource === 'straight-line' ? '直线×绕行系数 straight line x detour' : '—'],
    ...(k.network ?? []).map((n): [string, string] => [`${n.year}年${n.maxKm}公里内无学位 ${n.stage} pupils without a seat within ${n.maxKm} km road (network LP)`, `${fmt(n.unmet)} / ${fmt(n.demand)}`]),
    ['红色预警 Red warnings', fmt(k.redAlerts)],
    ['黄色预警 Yellow warnings', fmt(k.yellowAlerts)],
    ...Object.entries(k.districtSeatGap).flatMap(([code, stages]) =>
      Object.entries(stages).map(([stage, byYear]): [string, string] => [`${code} ${stage} 学位缺口 seat gap 2027 / 2030`, `${fmt(byYear['2027'])} / ${fmt(byYear['2030'])}`]),
    ),
  ];
  const indicatorRows = k.indicators
    .map((a) => {
      const c = a.current;
      const cv = c.differenceCoefficients;
      return `<tr><td>${e(a.areaCode)}</td><td>${c.smallSchools.total.under200}</td><td>${c.smallSchools.total.under100}</td><td>${fmt((c.kindergarten.inclusiveShare ?? 0) * 100, 1)}%</td><td>${fmt((c.kindergarten.publicEnrolmentShare ?? 0) * 100, 1)}%</td><td>${cv?.primary.composite?.toFixed(3) ?? '—'}</td><td>${cv?.junior.composite?.toFixed(3) ?? '—'}</td></tr>`;
    })
    .join('');
  const alertRows = d.alerts
    .filter((a) => a.level === 'red' || a.level === 'yellow' || a.subjectType === 'district')
    .slice(0, 300)
    .map((a) => `<tr><td style="color:${LEVEL_COLOR[a.level] ?? '#333'}">${e(a.level)}</td><td>${e(a.subjectType)} ${e(a.subjectCode)}</td><td>${e(a.stage)}</td><td>${e(a.population)}</td><td>${a.onsetYear}</td><td>${fmt(a.seatGap)}</td><td>${e(a.message.zh)}</td></tr>`)
    .join('');
  const planRows = (d.plan?.schools ?? [])
    .filter((s) => s.decision === 'close' || s.pupilsIn > 0)
    .map((s) => `<tr><td>${e(s.code)}</td><td>${e(s.name)}</td><td>${s.decision === 'close' ? '撤并 close' : '保留 keep'}</td><td>${s.enrolmentToday}</td><td>${Math.round(s.enrolmentAfter)}</td><td>${Math.round(s.pupilsIn)}</td><td>${e(s.villagesReceived.map((v) => schoolAt.get(v)?.name ?? v).join('、'))}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>方案运行报告 Run ${d.runId}: ${e(d.scenarioName)}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f3f4f6}
.muted{color:#666;font-size:12px}pre{background:#f8f8f8;padding:8px;font-size:12px;overflow:auto}
</style></head><body>
<h1>方案运行报告 Scenario run report — ${e(d.scenarioName)} (run ${d.runId})</h1>
<p class="muted">数据版本 dataset version ${d.datasetVersion} · ${e(d.createdAt)} · 方案为规划建议，撤并须经可行性论证、公示和听证 (a plan is a proposal: closures need feasibility study, public notice and hearings).</p>
<h2>关键指标 Key figures</h2><table>${kpiRows.map(([a, b]) => `<tr><th>${e(a)}</th><td>${e(b)}</td></tr>`).join('')}</table>
${d.consolidation ? `<p>优化 Optimisation: <b>${e(d.consolidation.status)}</b> — ${e(d.consolidation.message)}</p>` : ''}
<h2>需求与学位 Demand and seats</h2>${chart}
<h2>地图 Map</h2><p class="muted">区县边界 county boundaries; 红框 高铁新城; 点 schools (colour: worst warning; black: closed in the plan); 红线 pupil transfers.</p>${map}
<h2>行动计划指标 The plan's indicators</h2>
<table><tr><th>area</th><th>&lt;200</th><th>&lt;100</th><th>普惠园学位占比 inclusive KG places (≥95%)</th><th>公办园在园幼儿占比 public KG pupils (≥85%)</th><th>小学差异系数 primary CV (≤0.50)</th><th>初中差异系数 junior CV (&lt;0.35)</th></tr>${indicatorRows}</table>
<h2>预警 Warnings (red, yellow, district)</h2>
<table><tr><th>level</th><th>subject</th><th>stage</th><th>count</th><th>onset</th><th>seat gap</th><th>说明</th></tr>${alertRows}</table>
${planRows ? `<h2>撤并方案 Consolidation plan</h2><table><tr><th>code</th><th>school</th><th>decision</th><th>pupils today</th><th>pupils ${k.targetYear}</th><th>received</th><th>from villages</th></tr>${planRows}</table>` : ''}
<h2>方案设置 Overrides</h2><pre>${e(JSON.stringify(d.overrides, null, 2))}</pre>
</body></html>
`;
}
