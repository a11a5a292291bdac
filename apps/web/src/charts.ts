// Only the ECharts parts the page uses: line and bar charts, their components, the canvas renderer.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CapacityFigure, DemandFigure, Stage } from './api';
import { num, t, tk } from './i18n';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export const STAGE_COLOURS: Record<string, string> = {
  kindergarten: '#e377c2',
  primary: '#1f77b4',
  junior: '#2ca02c',
  senior: '#9467bd',
  special: '#8c564b',
};

const STAGE_ORDER = ['kindergarten', 'primary', 'junior', 'senior', 'special'];
const byStageOrder = (a: string, b: string) => STAGE_ORDER.indexOf(a) - STAGE_ORDER.indexOf(b);

const live = new Set<echarts.ECharts>();

export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live.clear();
}

export function resizeCharts(): void {
  for (const c of live) c.resize();
}

function chart(el: HTMLElement): echarts.ECharts {
  const c = echarts.init(el, undefined, { renderer: 'canvas' });
  live.add(c);
  return c;
}

const FONT = { fontFamily: 'inherit', fontSize: 11, color: '#3d4852' };

function yearMark(year: number) {
  return {
    symbol: 'none',
    silent: true,
    label: { show: false },
    lineStyle: { color: '#c0392b', type: 'solid' as const, width: 1 },
    data: [{ xAxis: String(year) }],
  };
}

/** Demand and seats by year per stage (school or catchment figures). */
export function capacityChart(el: HTMLElement, figures: CapacityFigure[], year: number): void {
  const years = [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b);
  const stages = [...new Set(figures.map((f) => f.stage))].sort(byStageOrder);
  const series: Record<string, unknown>[] = [];
  stages.forEach((stage, i) => {
    const rows = new Map(figures.filter((f) => f.stage === stage).map((f) => [f.year, f]));
    const name = tk('stage', stage);
    series.push({
      name: t('school.demandSeries', { stage: name }),
      type: 'line',
      smooth: false,
      symbolSize: 4,
      color: STAGE_COLOURS[stage] ?? '#555',
      data: years.map((y) => (rows.has(y) ? Math.round(rows.get(y)!.demandResident) : null)),
      ...(i === 0 ? { markLine: yearMark(year) } : {}),
    });
    series.push({
      name: t('school.seatsSeries', { stage: name }),
      type: 'line',
      step: 'middle',
      symbol: 'none',
      color: STAGE_COLOURS[stage] ?? '#555',
      lineStyle: { type: 'dashed', width: 1.5 },
      data: years.map((y) => (rows.has(y) ? Math.round(rows.get(y)!.seats) : null)),
    });
  });
  const legendRows = Math.ceil(series.length / 4);
  el.style.height = `${200 + 18 * legendRows}px`;
  chart(el).setOption({
    textStyle: FONT,
    animation: false,
    grid: { left: 44, right: 12, top: 12 + 20 * legendRows, bottom: 24 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => num(Number(v)) },
    legend: { top: 0, left: 0, right: 0, itemWidth: 14, itemHeight: 8, itemGap: 8, textStyle: FONT },
    xAxis: { type: 'category', data: years.map(String), axisLabel: FONT },
    yAxis: { type: 'value', axisLabel: FONT, splitLine: { lineStyle: { color: '#eceff2' } } },
    series,
  });
}

/** Resident (left) and registered (right) children by stage age band: a pyramid of the school ages. */
export function pyramidChart(el: HTMLElement, rows: { stage: Stage; resident: number; registered: number }[]): void {
  const cats = rows.map((r) => tk('stageAges', r.stage));
  chart(el).setOption({
    textStyle: FONT,
    animation: false,
    grid: { left: 92, right: 16, top: 28, bottom: 22 },
    legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: FONT },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => num(Math.abs(Number(v))) },
    xAxis: {
      type: 'value',
      axisLabel: { ...FONT, formatter: (v: number) => num(Math.abs(v)) },
      splitLine: { lineStyle: { color: '#eceff2' } },
    },
    yAxis: { type: 'category', data: cats, axisTick: { show: false }, axisLabel: FONT },
    series: [
      {
        name: t('pop.resident'),
        type: 'bar',
        stack: 'p',
        color: '#4c78a8',
        barWidth: '62%',
        data: rows.map((r) => -Math.round(r.resident)),
      },
      {
        name: t('pop.registered'),
        type: 'bar',
        stack: 'p',
        color: '#f58518',
        barWidth: '62%',
        data: rows.map((r) => Math.round(r.registered)),
      },
    ],
  });
}

/** Projected resident pupils by stage and year, stacked. */
export function projectionChart(el: HTMLElement, figures: DemandFigure[], year: number): void {
  const years = [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b);
  const stages = [...new Set(figures.map((f) => f.stage))].sort(byStageOrder);
  chart(el).setOption({
    textStyle: FONT,
    animation: false,
    grid: { left: 48, right: 12, top: 30, bottom: 24 },
    legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: FONT },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => num(Number(v)) },
    xAxis: { type: 'category', data: years.map(String), axisLabel: FONT },
    yAxis: { type: 'value', axisLabel: FONT, splitLine: { lineStyle: { color: '#eceff2' } } },
    series: stages.map((stage, i) => {
      const rows = new Map(figures.filter((f) => f.stage === stage).map((f) => [f.year, f.resident]));
      return {
        name: tk('stage', stage),
        type: 'bar',
        stack: 's',
        color: STAGE_COLOURS[stage],
        data: years.map((y) => Math.round(rows.get(y) ?? 0)),
        ...(i === 0 ? { markLine: yearMark(year) } : {}),
      };
    }),
  });
}

/**
 * Fan chart of the projected resident pupils per stage: the point projection with its 80 % (darker) and 95 % (lighter)
 * bands, as the projection's error model gives them (figures from `/projections?intervals=true`).
 */
export function fanChart(el: HTMLElement, figures: DemandFigure[], year: number): void {
  const years = [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b);
  const stages = [...new Set(figures.filter((f) => f.interval).map((f) => f.stage))].sort(byStageOrder);
  const series: Record<string, unknown>[] = [];
  stages.forEach((stage, i) => {
    const rows = new Map(figures.filter((f) => f.stage === stage).map((f) => [f.year, f]));
    const colour = STAGE_COLOURS[stage] ?? '#555';
    const at = (y: number, k: 'lo80' | 'hi80' | 'lo95' | 'hi95') => {
      const f = rows.get(y);
      return f?.interval ? Math.round(f.interval[k]) : null;
    };
    const band = (lo: 'lo80' | 'lo95', hi: 'hi80' | 'hi95', opacity: number) => [
      {
        name: `${stage}-${lo}`,
        type: 'line',
        stack: `${stage}-${lo}`,
        symbol: 'none',
        silent: true,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        data: years.map((y) => at(y, lo)),
      },
      {
        name: t(lo === 'lo80' ? 'fan.band80' : 'fan.band95', { stage: tk('stage', stage) }),
        type: 'line',
        stack: `${stage}-${lo}`,
        symbol: 'none',
        silent: true,
        color: colour,
        lineStyle: { opacity: 0 },
        areaStyle: { color: colour, opacity },
        tooltip: { show: false },
        data: years.map((y) => {
          const a = at(y, lo);
          const b = at(y, hi);
          return a === null || b === null ? null : b - a;
        }),
      },
    ];
    series.push(...band('lo95', 'hi95', 0.12), ...band('lo80', 'hi80', 0.25));
    series.push({
      name: tk('stage', stage),
      type: 'line',
      symbolSize: 4,
      color: colour,
      data: years.map((y) => (rows.has(y) ? Math.round(rows.get(y)!.resident) : null)),
      ...(i === 0 ? { markLine: yearMark(year) } : {}),
    });
  });
  chart(el).setOption({
    textStyle: FONT,
    animation: false,
    grid: { left: 48, right: 12, top: 30, bottom: 24 },
    legend: { top: 0, itemWidth: 14, itemHeight: 8, textStyle: FONT, data: stages.map((s) => tk('stage', s)) },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { seriesName: string; dataIndex: number }[]) => {
        const y = years[ps[0]?.dataIndex ?? 0];
        return [
          String(y),
          ...stages.map((s) => {
            const f = figures.find((x) => x.stage === s && x.year === y);
            return f?.interval
              ? `${tk('stage', s)} ${num(f.resident)} (80%: ${num(f.interval.lo80)}–${num(f.interval.hi80)}; 95%: ` +
                  `${num(f.interval.lo95)}–${num(f.interval.hi95)})`
              : '';
          }),
        ]
          .filter(Boolean)
          .join('<br>');
      },
    },
    xAxis: { type: 'category', data: years.map(String), axisLabel: FONT, boundaryGap: false },
    yAxis: { type: 'value', axisLabel: FONT, splitLine: { lineStyle: { color: '#eceff2' } } },
    series,
  });
}

/**
 * A district's two demand quantities beside the serving schools' seats, per stage: "residents of the district"
 * (district figures) and "demand at the schools serving it (with pupils from outside)" (the district warning's own
 * series, so the chart and the alert show the same number).
 */
export function districtChart(
  el: HTMLElement,
  figures: CapacityFigure[],
  serving: Map<string, Map<number, number>>,
  year: number,
  labels: { residents: string; serving: string; seats: string },
): void {
  const years = [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b);
  const stages = [...new Set(figures.map((f) => f.stage))].sort(byStageOrder);
  const series: Record<string, unknown>[] = [];
  stages.forEach((stage, i) => {
    const rows = new Map(figures.filter((f) => f.stage === stage).map((f) => [f.year, f]));
    const name = tk('stage', stage);
    const colour = STAGE_COLOURS[stage] ?? '#555';
    series.push({
      name: `${name} · ${labels.residents}`,
      type: 'line',
      symbolSize: 3,
      color: colour,
      lineStyle: { width: 1.2, opacity: 0.6 },
      data: years.map((y) => (rows.has(y) ? Math.round(rows.get(y)!.demandResident) : null)),
      ...(i === 0 ? { markLine: yearMark(year) } : {}),
    });
    const sv = serving.get(stage);
    if (sv)
      series.push({
        name: `${name} · ${labels.serving}`,
        type: 'line',
        symbolSize: 5,
        color: colour,
        lineStyle: { width: 3 },
        data: years.map((y) => (sv.has(y) ? Math.round(sv.get(y)!) : null)),
      });
    series.push({
      name: `${name} · ${labels.seats}`,
      type: 'line',
      step: 'middle',
      symbol: 'none',
      color: colour,
      lineStyle: { type: 'dashed', width: 1.5 },
      data: years.map((y) => (rows.has(y) ? Math.round(rows.get(y)!.seats) : null)),
    });
  });
  el.style.height = `${210 + 18 * series.length}px`;
  chart(el).setOption({
    textStyle: FONT,
    animation: false,
    grid: { left: 48, right: 12, top: 12 + 18 * series.length, bottom: 24 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => num(Number(v)) },
    legend: { top: 0, left: 0, orient: 'vertical', itemWidth: 14, itemHeight: 8, itemGap: 4, textStyle: FONT },
    xAxis: { type: 'category', data: years.map(String), axisLabel: FONT },
    yAxis: { type: 'value', axisLabel: FONT, splitLine: { lineStyle: { color: '#eceff2' } } },
    series,
  });
}
