import { comparisonHeadlineRows, formatWithInterval, headlineFigures, headlineRows } from './headline';
import type { RunKpis } from './run-kpis';

const kpis = (over: Partial<RunKpis> = {}): RunKpis => ({
  targetYear: 2027,
  smallSchoolsUnder200: 41,
  smallSchoolsUnder100: 12,
  maxSmallSchools: 30,
  pupilsMoved: 1234.4,
  schoolsClosed: 17,
  meanTravelKmBefore: 2.1,
  meanTravelKmAfter: 4.3,
  maxTravelKmBefore: 6,
  maxTravelKmAfter: 14.2,
  meanTravelMinutesBefore: 8.26,
  meanTravelMinutesAfter: 15.04,
  maxTravelMinutesBefore: 20,
  maxTravelMinutesAfter: 29.96,
  redAlerts: 51,
  yellowAlerts: 9,
  consolidationStatus: 'optimal',
  districtSeatGap: { GTXC: { primary: { 2027: 432, 2030: 980 }, kindergarten: { 2027: 5 } } },
  districtResidentsSeatGap: { GTXC: { primary: { 2027: -120, 2030: 300 } } },
  indicators: [],
  network: [],
  byYear: [{ year: 2027, primaryDemand: 132650, primarySeats: 150000, juniorDemand: 70019, juniorSeats: 80000 }],
  planRobustness: {
    threshold: 200,
    cap: 30,
    draws: 1000,
    years: [{ year: 2027, smallSchoolsPoint: 30, smallSchoolsMean: 30.2, pCapHolds: 0.734 }],
    pCapHoldsEveryYear: 0.734,
  },
  ...over,
});

describe('headline figures', () => {
  const iv = {
    pupilsMoved: { lo80: 1200.2, hi80: 1270.6, lo95: 1180.1, hi95: 1290.9 },
    cityDemand: { primary: { lo80: 130100, hi80: 135200, lo95: 128800, hi95: 136600 } },
    districtResidentsGap: { GTXC: { primary: { 2027: { lo80: -180, hi80: -60, lo95: -210, hi95: -30 } } } },
  };
  const figs = headlineFigures(kpis(), iv, new Map([['GTXC', '高铁新城']]));

  it('lists the comparison KPIs with their intervals and both named gap definitions (compulsory stages only)', () => {
    expect(figs.map((f) => f.id)).toEqual([
      'schoolsClosed',
      'pupilsMoved',
      'smallSchoolsUnder200',
      'pCapHolds2027',
      'meanTravelMinutesBefore',
      'meanTravelMinutesAfter',
      'maxTravelMinutesBefore',
      'maxTravelMinutesAfter',
      'redAlerts',
      'yellowAlerts',
      'cityDemand.primary',
      'cityDemand.junior',
      'districtGap.serving.GTXC.primary.2027',
      'districtGap.residents.GTXC.primary.2027',
      'districtGap.serving.GTXC.primary.2030',
      'districtGap.residents.GTXC.primary.2030',
    ]);
    const rows = headlineRows(figs, 'zh');
    expect(rows[1]).toEqual({
      metric: '转移学生',
      value: 1234,
      lo80: 1200,
      hi80: 1271,
      lo95: 1180,
      hi95: 1291,
      unit: '人',
      definition: expect.stringContaining('按转学当年计一次'),
    });
    expect(rows[3]).toMatchObject({ metric: '2027年上限仍满足的概率', value: 73.4, unit: '%' });
    expect(rows[5]).toMatchObject({ value: 15, lo80: null });
    expect(rows[13]).toMatchObject({ metric: '高铁新城小学学位缺口 2027(片区居民口径)', value: -120, lo80: -180, hi95: -30 });
    expect(rows[12].definition).toContain('服务该片区的学校的全部学生需求');
    expect(headlineRows(figs, 'en')[12].metric).toBe('高铁新城 primary seat gap 2027 (serving-schools definition)');
  });

  it('pairs two runs by figure and gives the difference B - A', () => {
    const a = headlineFigures(kpis({ schoolsClosed: 0, pupilsMoved: 0, planRobustness: null }), {}, new Map());
    const rows = comparisonHeadlineRows(a, figs, 'en');
    expect(rows.find((r) => r.metric === 'Schools closed')).toMatchObject({ valueA: 0, valueB: 17, difference: 17 });
    expect(rows.find((r) => r.metric === 'Pupils moved')).toMatchObject({
      valueA: 0,
      lo80A: null,
      valueB: 1234,
      lo95B: 1180,
      hi95B: 1291,
      difference: 1234,
    });
    // P(cap holds) exists only in B: A's side is blank.
    expect(rows.find((r) => r.metric === 'P(the cap holds in 2027)')).toMatchObject({ valueA: null, valueB: 73.4, difference: null });
  });

  it('writes a figure with its interval as text', () => {
    expect(formatWithInterval(figs[10])).toBe('132,650 (80%: 130,100 ~ 135,200; 95%: 128,800 ~ 136,600)');
    expect(formatWithInterval(figs[0])).toBe('17');
  });
});
