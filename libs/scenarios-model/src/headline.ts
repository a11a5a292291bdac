import type { Lang } from './export-tables';
import type { RunKpis } from './run-kpis';

/** 80 % and 95 % bounds of a headline figure. */
export interface HeadlineInterval {
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

/**
 * Intervals of a run's headline figures, from the projection's error model (see `RunResultsService.headlineIntervals`):
 * pupils moved (joint draws of the moved villages' pupils), the city's demand by stage in the target year, and each
 * district's residents-definition seat gap by stage and year.
 */
export interface HeadlineIntervals {
  pupilsMoved?: HeadlineInterval | null;
  cityDemand?: Record<string, HeadlineInterval>;
  /** District code -> stage -> year -> interval of "district residents − serving schools' seats". */
  districtResidentsGap?: Record<string, Record<string, Record<string, HeadlineInterval>>>;
}

/** One headline figure: a stable id (to pair two runs), label, definition, unit, value and its interval. */
export interface HeadlineFigure {
  id: string;
  label: Record<Lang, string>;
  definition: Record<Lang, string>;
  unit: Record<Lang, string>;
  value: number | null;
  interval: HeadlineInterval | null;
  /** Decimals the value and bounds are shown with (0 for counts of people and schools). */
  decimals: number;
}

const STAGE: Record<string, Record<Lang, string>> = { primary: { zh: '小学', en: 'primary' }, junior: { zh: '初中', en: 'junior' } };
const PEOPLE = { zh: '人', en: 'pupils' };
const SCHOOLS = { zh: '所', en: 'schools' };
const MINUTES = { zh: '分钟', en: 'minutes' };
const SEATS = { zh: '个学位', en: 'seats' };

/**
 * The headline figures of a run (what the comparison and the report lead with): closures, pupils moved, small schools
 * and the cap's probability, travel minutes, warnings, the city's demand, and each district's seat gap (高铁新城) under
 * its two named definitions. Intervals where the projection's error model gives them; decided figures (closures,
 * travel of a fixed plan) have none.
 * @example
 * headlineFigures(run.kpis, { pupilsMoved: { lo80: 380, hi80: 420, lo95: 370, hi95: 431 } }, new Map([['GTXC', '高铁新城']]))[1].interval
 */
export function headlineFigures(k: RunKpis, iv: HeadlineIntervals, names: ReadonlyMap<string, string>): HeadlineFigure[] {
  const out: HeadlineFigure[] = [];
  const push = (f: Omit<HeadlineFigure, 'interval' | 'decimals'> & { interval?: HeadlineInterval | null; decimals?: number }) =>
    out.push({ interval: null, decimals: 0, ...f });
  const T = k.targetYear;
  push({
    id: 'schoolsClosed',
    label: { zh: '撤并学校', en: 'Schools closed' },
    definition: {
      zh: '本运行情景中撤并的学校数（优化方案撤并与情景指定撤并）',
      en: "schools the run's world closes (the plan's closures and the scenario's own)",
    },
    unit: SCHOOLS,
    value: k.schoolsClosed,
  });
  push({
    id: 'pupilsMoved',
    label: { zh: '转移学生', en: 'Pupils moved' },
    definition: {
      zh: '因撤并(或学区调整)转学的学生，按转学当年计一次',
      en: 'pupils who change school because theirs closes (or is re-zoned), counted once in their move year',
    },
    unit: PEOPLE,
    value: k.pupilsMoved,
    interval: iv.pupilsMoved ?? null,
  });
  push({
    id: 'smallSchoolsUnder200',
    label: { zh: `${T}年200人以下学校`, en: `Schools under 200 pupils in ${T}` },
    definition: {
      zh: `目标年在办、学生数不足200人的中小学(上限${k.maxSmallSchools}所)`,
      en: `schools open in the target year with fewer than 200 pupils (cap ${k.maxSmallSchools})`,
    },
    unit: SCHOOLS,
    value: k.smallSchoolsUnder200,
  });
  for (const y of k.planRobustness?.years ?? [])
    push({
      id: `pCapHolds${y.year}`,
      label: { zh: `${y.year}年上限仍满足的概率`, en: `P(the cap holds in ${y.year})` },
      definition: {
        zh: `预测误差模型${k.planRobustness!.draws}次联合抽样中，200人以下学校不超过${k.maxSmallSchools}所的比例`,
        en: `share of ${k.planRobustness!.draws} joint draws of the projection error with at most ${k.maxSmallSchools} schools under 200`,
      },
      unit: { zh: '%', en: '%' },
      value: Math.round(y.pCapHolds * 1000) / 10,
      decimals: 1,
    });
  const travel: [string, Record<Lang, string>, number | null | undefined][] = [
    ['meanTravelMinutesBefore', { zh: '平均通学时间(调整前)', en: 'Mean travel minutes (before)' }, k.meanTravelMinutesBefore],
    ['meanTravelMinutesAfter', { zh: '平均通学时间(调整后)', en: 'Mean travel minutes (after)' }, k.meanTravelMinutesAfter],
    ['maxTravelMinutesBefore', { zh: '最长通学时间(调整前)', en: 'Max travel minutes (before)' }, k.maxTravelMinutesBefore],
    ['maxTravelMinutesAfter', { zh: '最长通学时间(调整后)', en: 'Max travel minutes (after)' }, k.maxTravelMinutesAfter],
  ];
  for (const [id, label, value] of travel)
    push({
      id,
      label,
      definition: { zh: '方案涉及村社区学生按人数加权，道路网通学时间', en: "pupil-weighted over the plan's villages, road travel time" },
      unit: MINUTES,
      value: value ?? null,
      decimals: 1,
    });
  push({
    id: 'redAlerts',
    label: { zh: '红色预警', en: 'Red warnings' },
    definition: { zh: '本方案世界中的红色学位预警条数', en: "red seat warnings in the run's world" },
    unit: { zh: '条', en: 'warnings' },
    value: k.redAlerts,
  });
  push({
    id: 'yellowAlerts',
    label: { zh: '黄色预警', en: 'Yellow warnings' },
    definition: { zh: '本方案世界中的黄色学位预警条数', en: "yellow seat warnings in the run's world" },
    unit: { zh: '条', en: 'warnings' },
    value: k.yellowAlerts,
  });
  const row = k.byYear.find((y) => y.year === T);
  for (const stage of ['primary', 'junior'] as const)
    push({
      id: `cityDemand.${stage}`,
      label: { zh: `${T}年全市${STAGE[stage].zh}需求`, en: `City ${STAGE[stage].en} demand ${T}` },
      definition: { zh: '常住口径预测学生数', en: 'projected pupils, resident count' },
      unit: PEOPLE,
      value: row ? (stage === 'primary' ? row.primaryDemand : row.juniorDemand) : null,
      interval: iv.cityDemand?.[stage] ?? null,
    });
  const years = [...new Set([String(T), '2030'])];
  for (const [code, stages] of Object.entries(k.districtSeatGap)) {
    const name = names.get(code) ?? code;
    // The compulsory stages: the district's headline is primary and junior seats (the figures hold every stage).
    for (const [stage, byYear] of Object.entries(stages).filter(([st]) => STAGE[st]))
      for (const year of years) {
        if (byYear[year] === undefined) continue;
        const st = STAGE[stage];
        push({
          id: `districtGap.serving.${code}.${stage}.${year}`,
          label: {
            zh: `${name}${st.zh}学位缺口 ${year}(服务学校口径)`,
            en: `${name} ${st.en} seat gap ${year} (serving-schools definition)`,
          },
          definition: {
            zh: '服务该片区的学校的全部学生需求(含片区外生源) − 这些学校的学位；正数为缺口，负数为富余',
            en:
              "all pupils of the schools serving the district (from outside it too) − those schools' seats; positive = short, " +
              'negative = spare',
          },
          unit: SEATS,
          value: byYear[year],
        });
        const res = k.districtResidentsSeatGap?.[code]?.[stage]?.[year];
        if (res === undefined) continue;
        push({
          id: `districtGap.residents.${code}.${stage}.${year}`,
          label: { zh: `${name}${st.zh}学位缺口 ${year}(片区居民口径)`, en: `${name} ${st.en} seat gap ${year} (residents definition)` },
          definition: {
            zh: '居住在片区内的学生 − 服务该片区的学校的学位；正数为缺口，负数为富余',
            en: "pupils living in the district − the serving schools' seats; positive = short, negative = spare",
          },
          unit: SEATS,
          value: res,
          interval: iv.districtResidentsGap?.[code]?.[stage]?.[year] ?? null,
        });
      }
  }
  return out;
}

const roundTo = (v: number | null | undefined, d: number): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d;

/** Headline figures as export rows (metric, value, 80 %/95 % bounds, unit, definition), rounded to their decimals. */
export function headlineRows(figures: HeadlineFigure[], lang: Lang): Record<string, unknown>[] {
  return figures.map((f) => ({
    metric: f.label[lang],
    value: roundTo(f.value, f.decimals),
    lo80: roundTo(f.interval?.lo80, f.decimals),
    hi80: roundTo(f.interval?.hi80, f.decimals),
    lo95: roundTo(f.interval?.lo95, f.decimals),
    hi95: roundTo(f.interval?.hi95, f.decimals),
    unit: f.unit[lang],
    definition: f.definition[lang],
  }));
}

/** Two runs' headline figures side by side (paired by id; a figure only one run has shows blanks for the other). */
export function comparisonHeadlineRows(a: HeadlineFigure[], b: HeadlineFigure[], lang: Lang): Record<string, unknown>[] {
  const byId = new Map(b.map((f) => [f.id, f]));
  const ids = [...a.map((f) => f.id), ...b.filter((f) => !a.some((x) => x.id === f.id)).map((f) => f.id)];
  const aById = new Map(a.map((f) => [f.id, f]));
  return ids.map((id) => {
    const fa = aById.get(id);
    const fb = byId.get(id);
    const f = (fb ?? fa)!;
    const d = f.decimals;
    const va = roundTo(fa?.value, d);
    const vb = roundTo(fb?.value, d);
    return {
      metric: f.label[lang],
      valueA: va,
      lo80A: roundTo(fa?.interval?.lo80, d),
      hi80A: roundTo(fa?.interval?.hi80, d),
      lo95A: roundTo(fa?.interval?.lo95, d),
      hi95A: roundTo(fa?.interval?.hi95, d),
      valueB: vb,
      lo80B: roundTo(fb?.interval?.lo80, d),
      hi80B: roundTo(fb?.interval?.hi80, d),
      lo95B: roundTo(fb?.interval?.lo95, d),
      hi95B: roundTo(fb?.interval?.hi95, d),
      difference: va === null || vb === null ? null : roundTo(vb - va, d),
      unit: f.unit[lang],
      definition: f.definition[lang],
    };
  });
}

/**
 * A figure with its interval as text: "132,650 (80%: 130,100 ~ 135,200; 95%: 128,800 ~ 136,600)" (a tilde, so that
 * negative bounds read clearly: "-2,143 (80%: -2,420 ~ -1,870; ...)").
 * @example formatWithInterval({ value: 12, interval: null, decimals: 0 }) // "12"
 */
export function formatWithInterval(f: Pick<HeadlineFigure, 'value' | 'interval' | 'decimals'>): string {
  const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: f.decimals, minimumFractionDigits: f.decimals });
  if (f.value === null) return '—';
  if (!f.interval) return n(f.value);
  const i = f.interval;
  return `${n(f.value)} (80%: ${n(i.lo80)} ~ ${n(i.hi80)}; 95%: ${n(i.lo95)} ~ ${n(i.hi95)})`;
}
