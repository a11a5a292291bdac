import { KM_PER_DEGREE } from '@app/geo';
import { buildRoadGraph, roadTravel, straightLineTravel } from '@app/routing';
import { ConsolidationModel } from './consolidation-model';
import { travelFunctionFor, travelTargetsOf } from './road-travel';
import { at, demand, school, unit } from '@app/testing';

/** The roads hook of the instance: with a road provider, arcs carry road km and minutes and say so. */
describe('consolidation instance with roads', () => {
  const schools = [
    school({ code: 'A', km: 2, township: 'T1', enrolment: 300, classes: 6 }),
    school({ code: 'B', km: 3, township: 'T1', enrolment: 300, classes: 6 }),
  ];
  const units = [unit('U', 0, 'T1')];
  const inputs = { schools, units, demand: demand('U', 2027, 10), targetYear: 2027 };
  // U -> B bending 0.005° (0.56 km) south (县道, 40 km/h, 3.2 km); U -> A only by a detour 0.03° (3.3 km) north.
  const roads = buildRoadGraph([
    { code: 'ub', roadClass: '县道', speedKmh: null, oneway: false, ferry: false, lines: [[at(0), [at(1.5)[0], -0.005], at(3)]] },
    { code: 'ua', roadClass: '村道', speedKmh: null, oneway: false, ferry: false, lines: [[at(0), [at(1)[0], 0.03], at(2)]] },
  ]);

  it('uses road km and minutes, keeping A (6.9 km, 21 min by road) out of a 15-minute day limit', () => {
    const inst = ConsolidationModel.fromInputs(
      { ...inputs, travel: travelFunctionFor(roadTravel(roads)) },
      { dayTravelKm: 5, lowerDayTravelMinutes: 15, upperDayTravelMinutes: 15 },
    ).instance;
    expect(inst.travelSource).toBe('roads');
    const byCode = (code: string) => inst.arcs.filter((a) => inst.schools[a.school].code === code);
    // With a travel-time source the day limits are minutes. The current school is the nearest by road: B at 3.2 km
    // (A is 6.9 km, 21 minutes by road, beyond the limit).
    expect(byCode('A')).toHaveLength(0);
    const b = byCode('B');
    expect(b.length).toBeGreaterThan(0);
    const bKm = 2 * Math.hypot(1.5, 0.005 * KM_PER_DEGREE);
    expect(b[0].km).toBeCloseTo(bKm, 2);
    expect(b[0].minutes).toBeCloseTo((bKm / 40) * 60, 2);
    expect(inst.demands[0].currentKm).toBeCloseTo(bKm, 2);
  });

  it('gives the same km and minutes with the schools named up front (one search per unit) as found lazily', () => {
    const calls = { lazy: 0, upFront: 0 };
    const counted = (key: keyof typeof calls) => {
      const tc = roadTravel(roads);
      const fromOne = tc.fromOne.bind(tc);
      return { ...tc, fromOne: (...a: Parameters<typeof fromOne>) => (calls[key]++, fromOne(...a)) };
    };
    const options = { dayTravelKm: 5, lowerDayTravelMinutes: 15, upperDayTravelMinutes: 15 };
    const lazy = ConsolidationModel.fromInputs({ ...inputs, travel: travelFunctionFor(counted('lazy')) }, options).instance;
    const upFront = ConsolidationModel.fromInputs(
      { ...inputs, travel: travelFunctionFor(counted('upFront'), travelTargetsOf(schools)) },
      options,
    ).instance;
    const figures = (inst: typeof lazy) => [
      inst.demands.map((d) => [d.currentKm, d.currentMinutes]),
      inst.arcs.map((a) => [a.school, a.km, a.minutes]),
    ];
    expect(figures(upFront)).toEqual(figures(lazy));
    // Lazily, U is searched for A and again once B (first seen later) is asked for; named up front, once.
    expect(calls).toEqual({ lazy: 2, upFront: 1 });
  });

  it('keeps the straight-line rule without roads (A is 2.6 km, the current school)', () => {
    const inst = ConsolidationModel.fromInputs(
      { ...inputs, travel: travelFunctionFor(straightLineTravel({ straightSpeedKmh: 30 })) },
      { dayTravelKm: 5 },
    ).instance;
    expect(inst.travelSource).toBe('straight-line');
    expect(inst.demands[0].currentKm).toBeCloseTo(2.6, 6);
    // One travel rule without roads: the model's straight line x detour, no minutes (no travel-time source).
    expect(inst.demands[0].currentMinutes).toBeNull();
    expect(inst.schools[inst.demands[0].current!].code).toBe('A');
  });

  it('treats a pair the roads do not connect as out of reach: no move arc, as in the world and network reach', () => {
    // C at 2.5 km has no road at all (it lies 0.4° = 44 km north, over 20 km from every road: not snapped).
    const c = { ...school({ code: 'C', km: 2.5, township: 'T1', enrolment: 100, classes: 6 }), lat: 0.4 };
    // The village's current school is B (by road); B may close (100 pupils), and its pupils may move to A or C.
    const b = school({ code: 'B', km: 3, township: 'T1', enrolment: 100, classes: 6 });
    const inst = ConsolidationModel.fromInputs(
      { schools: [schools[0], b, c], units, demand: demand('U', 2027, 10), targetYear: 2027, travel: travelFunctionFor(roadTravel(roads)) },
      { dayTravelKm: 100, lowerDayTravelMinutes: 600, upperDayTravelMinutes: 600, boardingTravelMinutes: 600 },
    ).instance;
    const to = (code: string) => inst.arcs.filter((a) => a.kind !== 'stay' && inst.schools[a.school].code === code).length;
    expect(inst.schools[inst.demands[0].current!].code).toBe('B');
    // A is connected (6.9 km by road): one closure arc per band (lower, upper); C is not connected: none, although
    // its straight line x detour (44 km x 1.3 = 58 km, at the fallback speed) is within the 100 km and 600-minute limits.
    expect([to('A'), to('C')]).toEqual([2, 0]);
    expect(inst.warnings.some((w) => /not connected by road: no pupil moves between them/.test(w))).toBe(true);
  });
});
