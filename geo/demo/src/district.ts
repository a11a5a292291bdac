/**
 * 高铁新城 (the high-speed-rail new town): a planning district straddling Kecheng and Qujiang south-east of the
 * city seat, and the housing pipeline (in the district and a few projects elsewhere).
 */
import type { Village, World } from './geometry';
import { grow } from './grid';
import { housingName } from './names';
import { roundToTotal, stream, valueNoise } from './rng';

export const DISTRICT_CODE = 'GTXC';
export const DISTRICT_NAME = '高铁新城';
/** Where the district is centred (WGS-84): between the Kecheng and Qujiang seats, a few km south. */
const DISTRICT_TARGET: [number, number] = [118.9, 28.925];
const DISTRICT_AREA_KM2 = 18;

export interface District {
  code: string;
  name: string;
  cells: number[];
  labels: Int32Array;
  villages: Village[];
  areaKm2: number;
}

export type HousingType = 'commodity' | 'resettlement' | 'rental' | 'talent';

export interface HousingProject {
  code: string;
  name: string;
  village: Village;
  cell: number;
  lon: number;
  lat: number;
  households: number;
  type: HousingType;
  phasing: Map<number, number>;
  yields: { kindergarten: number; primary: number; junior: number; senior: number };
  inDistrict: boolean;
}

const YIELDS: Record<HousingType, HousingProject['yields']> = {
  commodity: { kindergarten: 0.1, primary: 0.2, junior: 0.1, senior: 0.08 },
  resettlement: { kindergarten: 0.12, primary: 0.22, junior: 0.11, senior: 0.08 },
  talent: { kindergarten: 0.08, primary: 0.15, junior: 0.07, senior: 0.05 },
  rental: { kindergarten: 0.06, primary: 0.1, junior: 0.05, senior: 0.03 },
};

export function buildDistrict(world: World): District {
  const { grid, countyOf } = world;
  const kecheng = world.counties.find((c) => c.fact.code === '330802');
  const qujiang = world.counties.find((c) => c.fact.code === '330803');
  if (!kecheng || !qujiang) throw new Error('Kecheng and Qujiang are needed for the 高铁新城 district');
  const [tx, ty] = grid.toKm(DISTRICT_TARGET[0], DISTRICT_TARGET[1]);
  // the Kecheng cell on the Qujiang border nearest the target
  let centre = -1;
  let bd = Infinity;
  for (const c of kecheng.cells) {
    if (!grid.neighbours(c).some((nb) => countyOf[nb] === qujiang.idx)) continue;
    const d = grid.distToPoint(c, tx, ty);
    if (d < bd) {
      bd = d;
      centre = c;
    }
  }
  const labels = new Int32Array(grid.size).fill(-1);
  const cx = grid.kmX[centre];
  const cy = grid.kmY[centre];
  grow(grid, labels, (c) => countyOf[c] === kecheng.idx || countyOf[c] === qujiang.idx, [
    {
      label: 0,
      cell: centre,
      capKm2: DISTRICT_AREA_KM2,
      cost: (c) => Math.hypot(grid.kmX[c] - cx, grid.kmY[c] - cy) * (1 + 0.35 * valueNoise(grid.kmX[c], grid.kmY[c], 3, 777, 2)),
    },
  ]);
  const cells: number[] = [];
  for (let c = 0; c < grid.size; c++) if (labels[c] === 0) cells.push(c);
  const inK = cells.filter((c) => countyOf[c] === kecheng.idx).length;
  if (inK < cells.length * 0.25 || inK > cells.length * 0.75) throw new Error('高铁新城 does not straddle Kecheng and Qujiang');
  const vset = new Set<number>(cells.map((c) => world.villageOf[c]));
  const villages = [...vset].sort((a, b) => a - b).map((k) => world.villages[k]);
  return { code: DISTRICT_CODE, name: DISTRICT_NAME, cells, labels, villages, areaKm2: cells.reduce((s, c) => s + grid.cellArea(c), 0) };
}

function phase(rng: ReturnType<typeof stream>, households: number, start: number, years: number): Map<number, number> {
  const w = Array.from({ length: years }, () => rng.range(0.7, 1.3));
  const ws = w.reduce((a, b) => a + b, 0);
  // whole tens per year
  const tens = roundToTotal(
    w.map((x) => ((households / 10) * x) / ws),
    households / 10,
  );
  const m = new Map<number, number>();
  tens.forEach((t, k) => {
    if (t > 0) m.set(start + k, t * 10);
  });
  return m;
}

export function buildHousing(world: World, district: District): HousingProject[] {
  const { grid } = world;
  const rng = stream('housing');
  const projects: HousingProject[] = [];
  const names = new Set<string>();
  // district: 14 projects spread over the district, starting 2025-2029, 1-3 years each
  const n = 14;
  const picks: number[] = [];
  const shuffled = rng.shuffle([...district.cells]);
  for (const c of shuffled) {
    if (picks.length >= n) break;
    if (picks.every((p) => grid.distKm(p, c) > 1.0)) picks.push(c);
  }
  for (const c of shuffled) {
    if (picks.length >= n) break;
    if (!picks.includes(c)) picks.push(c);
  }
  picks.sort((a, b) => a - b);
  const types: HousingType[] = [
    'commodity',
    'commodity',
    'resettlement',
    'commodity',
    'talent',
    'commodity',
    'resettlement',
    'commodity',
    'rental',
    'commodity',
    'commodity',
    'resettlement',
    'talent',
    'commodity',
  ];
  picks.forEach((cell, k) => {
    const type = types[k % types.length];
    const households = 10 * Math.round(rng.range(110, 175));
    const start = 2025 + Math.floor((k * 5) / n);
    const years = Math.min(rng.int(1, 3), 2031 - start + 1);
    const v = world.villages[world.villageOf[cell]];
    const [lon, lat] = grid.center(cell, rng.range(-0.08, 0.08), rng.range(-0.08, 0.08));
    const base = housingName(rng, names);
    const name =
      type === 'resettlement'
        ? `高铁新城${v.name.replace(/(村|社区)$/, '')}安置小区`
        : type === 'talent'
          ? `高铁新城人才公寓${k + 1}期`
          : type === 'rental'
            ? `高铁新城${base}保障性租赁住房`
            : `高铁新城·${base}`;
    projects.push({
      code: `${district.code}-H${String(k + 1).padStart(2, '0')}`,
      name,
      village: v,
      cell,
      lon,
      lat,
      households,
      type,
      phasing: phase(rng, households, start, years),
      yields: YIELDS[type],
      inDistrict: true,
    });
  });
  // a few projects in the other county seats
  for (const county of world.counties) {
    const seats = county.townships.filter((t) => t.isSeat);
    const t = seats[seats.length - 1];
    const vs = t.villages.filter((v) => !district.villages.includes(v));
    if (vs.length === 0) continue;
    const v = vs[Math.floor(vs.length / 2)];
    const cell = v.center;
    const [lon, lat] = grid.center(cell, rng.range(-0.08, 0.08), rng.range(-0.08, 0.08));
    const type: HousingType = county.idx % 2 === 0 ? 'commodity' : 'resettlement';
    const households = 10 * Math.round(rng.range(30, 110));
    const start = 2025 + (county.idx % 3);
    projects.push({
      code: `${county.fact.code}-H01`,
      name: type === 'resettlement' ? `${v.name.replace(/(村|社区)$/, '')}安置小区` : housingName(rng, names),
      village: v,
      cell,
      lon,
      lat,
      households,
      type,
      phasing: phase(rng, households, start, 2),
      yields: YIELDS[type],
      inDistrict: false,
    });
  }
  return projects;
}
