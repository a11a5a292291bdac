import {
  DEFAULT_CLASS_SIZE,
  mulberry32,
  STAGE_GRADES,
  type CatchmentRecord,
  type DemandRow,
  type DistrictRecord,
  type HousingProjectRecord,
  type PopulationUnitRecord,
  type ProjectedStage,
  type SchoolRecord,
  type Stage,
} from '@app/domain';
import type { Polygon, Position } from 'geojson';

/** Size and shape of a synthetic city (defaults: the scale of Quzhou's real layers). */
export interface SyntheticCityOptions {
  /** Population units (default 2000). */
  units?: number;
  /** Catchments over all stages (default 700), split kindergarten 35%, primary 30%, junior 20%, senior 15%. */
  catchments?: number;
  /** Projected years (default 13) from `baseYear` (default 2025). */
  years?: number;
  baseYear?: number;
  /** Share of units given as points instead of polygons (default 0.3). */
  pointUnitShare?: number;
  /** Share of catchments that list their units (besides their geometry) (default 0.2). */
  listedCatchmentShare?: number;
  /** Share of catchments served by two schools (default 0.1). */
  twoSchoolShare?: number;
  /** Share of junior catchments served by a nine-year school (default 0.2). */
  nineYearShare?: number;
  /** Extra vertices on every tile edge, to make polygons less trivial (default 3). */
  edgeVertices?: number;
  /** Seed of the deterministic generator (default 42). */
  seed?: number;
}

/** A synthetic record set (the layers matching and evaluation read). */
export interface SyntheticCity {
  schools: SchoolRecord[];
  catchments: CatchmentRecord[];
  units: PopulationUnitRecord[];
  demand: DemandRow[];
  districts: DistrictRecord[];
  housing: HousingProjectRecord[];
  years: number[];
}

const BBOX: [number, number, number, number] = [118.0, 28.2, 119.2, 29.5];
const COUNTIES = ['330802', '330803', '330822', '330824', '330825', '330881'];
const STAGES: ProjectedStage[] = ['kindergarten', 'primary', 'junior', 'senior'];
const STAGE_SPLIT: Record<ProjectedStage, number> = { kindergarten: 0.35, primary: 0.3, junior: 0.2, senior: 0.15 };
/** Pupils of a stage in an average unit (Quzhou: ~2,000 villages/communities, ~130k primary pupils). */
const PUPILS_PER_UNIT: Record<ProjectedStage, number> = { kindergarten: 35, primary: 65, junior: 32, senior: 25 };

interface Tile {
  polygon: Polygon;
  center: Position;
}

/**
 * A jittered grid tiling of a box: neighbours share corners and edge vertices exactly (like layers cut from one map),
 * while two tilings of different sizes straddle each other (like layers from different maps).
 */
function tiling(cols: number, rows: number, box: [number, number, number, number], rand: () => number, edgeVertices: number): Tile[] {
  const dx = (box[2] - box[0]) / cols;
  const dy = (box[3] - box[1]) / rows;
  const corner: Position[][] = [];
  for (let i = 0; i <= cols; i++) {
    corner.push([]);
    for (let j = 0; j <= rows; j++) {
      const inner = i > 0 && i < cols && j > 0 && j < rows;
      corner[i].push([
        box[0] + i * dx + (inner ? (rand() - 0.5) * 0.5 * dx : 0),
        box[1] + j * dy + (inner ? (rand() - 0.5) * 0.5 * dy : 0),
      ]);
    }
  }
  const along = (a: Position, b: Position): Position[] => {
    const pts: Position[] = [a];
    for (let k = 1; k <= edgeVertices; k++) {
      const t = k / (edgeVertices + 1);
      pts.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
    return pts;
  };
  // Edges stored once (horizontal left-to-right, vertical bottom-to-top) so neighbours reuse the same numbers.
  const horizontal: Position[][][] = corner.map((col, i) => col.map((_, j) => (i < cols ? along(corner[i][j], corner[i + 1][j]) : [])));
  const vertical: Position[][][] = corner.map((col, i) => col.map((_, j) => (j < rows ? along(corner[i][j], corner[i][j + 1]) : [])));
  const tiles: Tile[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const bottom = horizontal[i][j];
      const right = vertical[i + 1][j];
      const top = [...horizontal[i][j + 1], corner[i + 1][j + 1]].reverse().slice(0, -1);
      const left = [...vertical[i][j], corner[i][j + 1]].reverse().slice(0, -1);
      const ring = [...bottom, ...right, ...top, ...left];
      ring.push(ring[0]);
      const c = [corner[i][j], corner[i + 1][j], corner[i + 1][j + 1], corner[i][j + 1]];
      tiles.push({
        polygon: { type: 'Polygon', coordinates: [ring] },
        center: [c.reduce((s, p) => s + p[0], 0) / 4, c.reduce((s, p) => s + p[1], 0) / 4],
      });
    }
  }
  return tiles;
}

function gridFor(n: number, box: [number, number, number, number]): [number, number] {
  const w = (box[2] - box[0]) * Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
  const h = box[3] - box[1];
  const cols = Math.max(1, Math.round(Math.sqrt((n * w) / h)));
  return [cols, Math.max(1, Math.ceil(n / cols))];
}

function areaCodes(p: Position): { countyCode: string; townshipCode: string } {
  const fx = (p[0] - BBOX[0]) / (BBOX[2] - BBOX[0]);
  const fy = (p[1] - BBOX[1]) / (BBOX[3] - BBOX[1]);
  const county = COUNTIES[Math.min(COUNTIES.length - 1, Math.max(0, Math.floor(fx * COUNTIES.length)))];
  // 4 x 4 townships per county: 96 in all (Quzhou has about a hundred 乡镇/街道).
  const t = Math.min(15, Math.max(0, Math.floor(Math.min(fy, 0.999) * 4) * 4 + Math.floor(((fx * COUNTIES.length) % 1) * 4)));
  return { countyCode: county, townshipCode: `${county}${String(100 + t).padStart(3, '0')}` };
}

function inQuad(p: Position, poly: Polygon): boolean {
  const ring = poly.coordinates[0];
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    if (
      ring[i][1] > p[1] !== ring[j][1] > p[1] &&
      p[0] < ((ring[j][0] - ring[i][0]) * (p[1] - ring[i][1])) / (ring[j][1] - ring[i][1]) + ring[i][0]
    ) {
      inside = !inside;
    }
  }
  return inside;
}

/**
 * A deterministic synthetic city for benchmarks and load tests: jittered-grid units (some as points) and
 * per-stage catchment tilings that straddle them, schools (some nine-year, some planned or closing), projected demand
 * for every unit, stage and year, and one watched district (高铁新城) with a housing project.
 * The catchment tilings are inset 1% from the unit tiling, so edge units are partly outside and get reported.
 *
 * @example
 * const city = buildSyntheticCity({ units: 2000, catchments: 700, years: 13 });
 * const t0 = performance.now();
 * matchCatchments(city);
 * console.log(performance.now() - t0, 'ms');
 */
export function buildSyntheticCity(options: SyntheticCityOptions = {}): SyntheticCity {
  const nUnits = options.units ?? 2000;
  const nCatchments = options.catchments ?? 700;
  const nYears = options.years ?? 13;
  const baseYear = options.baseYear ?? 2025;
  const rand = mulberry32(options.seed ?? 42);
  const edgeVertices = options.edgeVertices ?? 3;
  const years = Array.from({ length: nYears }, (_, k) => baseYear + k);

  // Units.
  const [uc, ur] = gridFor(nUnits, BBOX);
  const unitTiles = tiling(uc, ur, BBOX, rand, edgeVertices).slice(0, nUnits);
  const units: PopulationUnitRecord[] = unitTiles.map((t, k) => {
    const codes = areaCodes(t.center);
    const asPoint = rand() < (options.pointUnitShare ?? 0.3);
    return {
      code: `U${String(k).padStart(5, '0')}`,
      name: `Unit ${k}`,
      ...codes,
      settlement: rand() < 0.3 ? 'urban' : 'rural',
      geometry: asPoint ? { type: 'Point', coordinates: t.center } : t.polygon,
    };
  });

  // Catchments and schools.
  const inset: [number, number, number, number] = [
    BBOX[0] + 0.01 * (BBOX[2] - BBOX[0]),
    BBOX[1] + 0.01 * (BBOX[3] - BBOX[1]),
    BBOX[2] - 0.01 * (BBOX[2] - BBOX[0]),
    BBOX[3] - 0.01 * (BBOX[3] - BBOX[1]),
  ];
  const schools: SchoolRecord[] = [];
  const catchments: CatchmentRecord[] = [];
  const primarySchools: SchoolRecord[] = [];
  const makeSchool = (stage: ProjectedStage, at: Position, k: number): SchoolRecord => {
    const grades = STAGE_GRADES[stage].grades;
    const norm = DEFAULT_CLASS_SIZE[stage];
    const perGrade = 1 + Math.floor(rand() * 4);
    const classesByGrade: Record<string, number> = {};
    const enrolmentByGrade: Record<string, number> = {};
    for (const g of grades) {
      classesByGrade[String(g)] = perGrade;
      enrolmentByGrade[String(g)] = Math.round(perGrade * norm * (0.5 + rand() * 0.75));
    }
    const enrolment = Object.values(enrolmentByGrade).reduce((a, b) => a + b, 0);
    const classes = perGrade * grades.length;
    const r = rand();
    const n = enrolment || 1;
    return {
      code: `S-${stage.slice(0, 2)}-${k}`,
      name: `${stage} school ${k}`,
      stages: [stage] as Stage[],
      ownership: rand() < 0.85 ? 'public' : rand() < 0.5 ? 'inclusive_private' : 'private',
      lon: at[0],
      lat: at[1],
      ...areaCodes(at),
      classesByGrade,
      enrolmentByGrade,
      enrolment,
      classes,
      approvedSeats: rand() < 0.3 ? 0 : classes * norm,
      classSizeNorm: null,
      maxClasses: classes + 6,
      boardingPlaces: 0,
      teachers: Math.round(n / 12),
      indicators: {
        qualifiedTeachers: Math.round((n / 100) * (3.5 + rand() * 3)),
        backboneTeachers: Math.round((n / 100) * (0.5 + rand())),
        peArtsTeachers: Math.round((n / 100) * (0.7 + rand() * 0.5)),
        teachingAreaM2: Math.round(n * (4 + rand() * 3)),
        sportsAreaM2: Math.round(n * (6 + rand() * 6)),
        equipmentValueCny: Math.round(n * (1800 + rand() * 1500)),
        multimediaClassrooms: Math.round((n / 100) * (2 + rand())),
      },
      status: r < 0.02 ? 'planned' : 'open',
      openYear: r < 0.02 ? baseYear + 2 + Math.floor(rand() * 5) : null,
      closeYear: r > 0.98 ? baseYear + 3 + Math.floor(rand() * 5) : null,
    };
  };
  let schoolCount = 0;
  for (const stage of STAGES) {
    const n = Math.max(1, Math.round(nCatchments * STAGE_SPLIT[stage]));
    const [cc, cr] = gridFor(n, inset);
    const tiles = tiling(cc, cr, inset, rand, edgeVertices + 2).slice(0, n);
    tiles.forEach((t, k) => {
      const codes: string[] = [];
      const nine = stage === 'junior' && primarySchools.length > 0 && rand() < (options.nineYearShare ?? 0.2);
      if (nine) {
        let best = primarySchools[0];
        let bestD = Infinity;
        for (const s of primarySchools) {
          const d = (s.lon - t.center[0]) ** 2 + (s.lat - t.center[1]) ** 2;
          if (d < bestD && !s.stages.includes('junior')) {
            bestD = d;
            best = s;
          }
        }
        if (!best.stages.includes('junior')) {
          best.stages = [...best.stages, 'junior'];
          for (const g of STAGE_GRADES.junior.grades) {
            best.classesByGrade[String(g)] = 2;
            best.enrolmentByGrade[String(g)] = 80;
          }
          best.classes += 6;
          best.enrolment += 240;
          if (best.approvedSeats > 0) best.approvedSeats += 300;
        }
        codes.push(best.code);
      } else {
        const count = rand() < (options.twoSchoolShare ?? 0.1) ? 2 : 1;
        for (let q = 0; q < count; q++) {
          const s = makeSchool(stage, [t.center[0] + q * 0.002, t.center[1]], schoolCount++);
          schools.push(s);
          if (stage === 'primary') primarySchools.push(s);
          codes.push(s.code);
        }
      }
      const listed = rand() < (options.listedCatchmentShare ?? 0.2);
      catchments.push({
        code: `C-${stage.slice(0, 2)}-${k}`,
        stage,
        schoolCodes: codes,
        unitCodes: listed ? units.filter((u, i) => inQuad(unitTiles[i].center, t.polygon) && u.code !== '').map((u) => u.code) : [],
        geometry: t.polygon,
      });
    });
  }

  // Watched district near the centre, with a housing project.
  const cx = (BBOX[0] + BBOX[2]) / 2;
  const cy = (BBOX[1] + BBOX[3]) / 2;
  const districtPoly: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [cx - 0.05, cy - 0.04],
        [cx + 0.05, cy - 0.04],
        [cx + 0.05, cy + 0.04],
        [cx - 0.05, cy + 0.04],
        [cx - 0.05, cy - 0.04],
      ],
    ],
  };
  const districts: DistrictRecord[] = [{ code: 'GTXC', name: '高铁新城', watched: true, geometry: districtPoly }];
  const inDistrict = new Set(units.filter((_, i) => inQuad(unitTiles[i].center, districtPoly)).map((u) => u.code));
  const housingUnit = [...inDistrict][0] ?? units[0].code;
  const housing: HousingProjectRecord[] = [
    {
      code: 'H-1',
      name: '高铁新城一期',
      ...areaCodes([cx, cy]),
      districtCode: 'GTXC',
      unitCode: housingUnit,
      lon: cx,
      lat: cy,
      households: 3000,
      type: 'commodity',
      phasing: { [String(baseYear + 1)]: 1000, [String(baseYear + 2)]: 1000, [String(baseYear + 3)]: 1000 },
      yields: { kindergarten: 0.12, primary: 0.25, junior: 0.12, senior: 0.08 },
    },
  ];

  // Demand.
  const demand: DemandRow[] = [];
  for (const u of units) {
    const size = 0.3 + rand() * 1.4;
    const trend = (rand() - 0.6) * 0.04;
    const growth = inDistrict.has(u.code) ? 0.25 : 0;
    for (const stage of STAGES) {
      const grades = STAGE_GRADES[stage].grades.length;
      for (const year of years) {
        const t = year - baseYear;
        const housingPupils = growth > 0 ? PUPILS_PER_UNIT[stage] * growth * Math.min(t, 4) : 0;
        const resident = Math.max(0, PUPILS_PER_UNIT[stage] * size * (1 + trend * t) + housingPupils);
        const registered = resident * 0.85;
        const spread = (total: number): number[] =>
          Array.from({ length: grades }, (_, g) => (total / grades) * (1 + (g === 0 ? 0.05 : -0.05 / (grades - 1))));
        demand.push({
          unitCode: u.code,
          stage,
          year,
          resident,
          registered,
          residentByGrade: spread(resident),
          registeredByGrade: spread(registered),
          fromHousing: housingPupils,
        });
      }
    }
  }
  return { schools, catchments, units, demand, districts, housing, years };
}
