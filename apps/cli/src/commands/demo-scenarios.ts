import * as turf from '@turf/turf';
import type { DatasetRecords } from '@app/domain';

/**
 * The three demo scenarios: baseline; consolidation to at most 30 small schools by 2027; high housing growth in
 * 高铁新城 (1.5 x the pipeline) with two new schools opening in 2027 in the catchments that serve it.
 */
export function demoScenarios(r: DatasetRecords): { name: string; overrides: Record<string, unknown> }[] {
  const district = r.districts.find((d) => d.code === 'GTXC') ?? r.districts[0];
  const housingUnits = new Set(r.housing.filter((h) => h.districtCode === district?.code).map((h) => h.unitCode));
  const servingCatchment = (stage: string) =>
    r.catchments
      .filter((c) => c.stage === stage)
      .map((c) => ({ c, n: c.unitCodes.filter((u) => housingUnits.has(u)).length }))
      .sort((a, b) => b.n - a.n)[0]?.c.code;
  const [lon, lat] = district ? turf.centroid(district.geometry).geometry.coordinates : [118.9, 28.95];
  const township =
    r.housing.find((h) => h.districtCode === district?.code)?.townshipCode ?? r.areas.find((a) => a.level === 'township')!.code;
  // Each new school is filed under the township it stands in (the API refuses a school outside its township).
  const townshipAt = (x: number, y: number) =>
    r.areas.find((a) => a.level === 'township' && turf.booleanPointInPolygon([x, y], a.geometry))?.code ?? township;
  const primaryCatchment = servingCatchment('primary');
  const juniorCatchment = servingCatchment('junior');
  return [
    { name: '基准方案 baseline (medium births)', overrides: { births: { variant: 'medium' } } },
    {
      name: '小规模学校优化 consolidation: at most 30 under 200 by 2027',
      overrides: {
        births: { variant: 'medium' },
        consolidate: true,
        policy: { targetYear: 2027, maxSmallSchools: 30, smallSchoolThreshold: 200 },
      },
    },
    {
      name: '高铁新城高增长 high housing growth in 高铁新城 + two new schools',
      overrides: {
        births: { variant: 'medium' },
        housing: { scaleDistrict: district ? [{ districtCode: district.code, factor: 1.5 }] : [] },
        schools: {
          open: [
            {
              code: 'GTXC-P-NEW',
              name: '高铁新城第一小学（规划）',
              stages: ['primary'],
              lon: lon - 0.004,
              lat,
              townshipCode: townshipAt(lon - 0.004, lat),
              classes: 36,
              openYear: 2027,
              joinCatchments: primaryCatchment ? [primaryCatchment] : [],
            },
            {
              code: 'GTXC-J-NEW',
              name: '高铁新城初级中学（规划）',
              stages: ['junior'],
              lon: lon + 0.004,
              lat,
              townshipCode: townshipAt(lon + 0.004, lat),
              classes: 30,
              openYear: 2028,
              joinCatchments: juniorCatchment ? [juniorCatchment] : [],
            },
          ],
        },
      },
    },
  ];
}
