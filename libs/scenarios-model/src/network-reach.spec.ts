import type { DemandRow, PopulationUnitRecord } from '@app/domain';
import { schoolRecord } from '@app/testing';
import { KM_PER_DEGREE } from '@app/geo';
import { stageSeats } from '@app/warnings-model';
import { buildRoadGraph, roadTravel } from '@app/routing';
import { networkReach } from './network-reach';
import { roadDistance } from './road-distance';

const at = (km: number): [number, number] => [km / KM_PER_DEGREE, 0];

describe('networkReach with roads', () => {
  const school = schoolRecord({ code: 'P1', stages: ['primary'], lon: at(4)[0], lat: 0, approvedSeats: 100, enrolment: 0, classes: 2 });
  const units: PopulationUnitRecord[] = [
    { code: 'U', name: 'U', townshipCode: 'T', countyCode: 'C', settlement: 'rural', geometry: { type: 'Point', coordinates: at(0) } },
  ];
  const demand: DemandRow[] = [
    {
      unitCode: 'U',
      stage: 'primary',
      year: 2027,
      resident: 60,
      registered: 60,
      residentByGrade: [10, 10, 10, 10, 10, 10],
      registeredByGrade: [10, 10, 10, 10, 10, 10],
      fromHousing: 0,
    },
  ];

  // The school's own stage seats (100 approved), open every year.
  const world: Parameters<typeof networkReach>[0] = {
    schools: [school],
    seatsAt: () => ({ ...stageSeats(school, 'primary'), open: true, seats: 100 }),
  };
  const byRoad = (g: ReturnType<typeof buildRoadGraph>, maxKm: number) => ({
    maxKm,
    detour: 1.3,
    ...(({ distance, source }) => ({ distance, travelSource: source }))(roadDistance(roadTravel(g), [school], { detour: 1.3, maxKm })),
  });

  it('places the pupils by straight line x detour (4 x 1.3 = 5.2 km within 6) but not by a 7 km road', async () => {
    const straight = await networkReach(world, units, demand, 'primary', 2027, { maxKm: 6, detour: 1.3 });
    expect(straight.unmet).toBe(0);
    expect(straight.meanKm).toBeCloseTo(5.2, 2);
    expect(straight.travelSource).toBe('straight-line');
    // The only road bends 0.0225° (2.5 km) north half-way: 2 x sqrt(2² + 2.5²) = 6.4 km, over the 6 km limit.
    const g = buildRoadGraph([
      { code: 'r', roadClass: '村道', speedKmh: null, oneway: false, ferry: false, lines: [[at(0), [at(2)[0], 0.0225], at(4)]] },
    ]);
    const road = await networkReach(world, units, demand, 'primary', 2027, byRoad(g, 6));
    expect(road.travelSource).toBe('roads');
    expect(road.unmet).toBe(60);
    const far = await networkReach(world, units, demand, 'primary', 2027, byRoad(g, 8));
    expect(far.unmet).toBe(0);
    expect(far.meanKm).toBeCloseTo(2 * Math.hypot(2, 0.0225 * KM_PER_DEGREE), 1);
  });
});
