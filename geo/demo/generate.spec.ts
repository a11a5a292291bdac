/**
 * geo/demo: the committed demo output is what the generator produces (byte for byte, when ../shared/data is
 * present), and it meets the numbers of the issue (checked on the committed files themselves).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { DEFAULT_DATA_DIR, DEMO_DIR, generate, README_BEGIN, README_END } from './generate';
import { parseCsv, readFacts, type Facts } from './src/facts';
import { gcj02ToWgs84 as gcjToWgs, wgs84ToGcj02 as wgsToGcj } from '@app/geo';
import { buildRoadGraph, haversineM, roadTravel, type RoadInput } from '@app/routing';
import { buildQuzhou } from './src/quzhou';
import { crossesRiver } from './src/roads';

const gcj02ToWgs84 = (lon: number, lat: number) => gcjToWgs([lon, lat]) as [number, number];
const wgs84ToGcj02 = (lon: number, lat: number) => wgsToGcj([lon, lat]) as [number, number];

const HAS_DATA = fs.existsSync(path.join(DEFAULT_DATA_DIR, 'counties.csv')) && fs.existsSync(path.join(DEFAULT_DATA_DIR, 'townships.csv'));
const SKIP_MESSAGE =
  `geo/demo: reference data not found at ${DEFAULT_DATA_DIR}; skipping the byte-for-byte regeneration test and ` +
  'the census comparisons (they need ../shared/data beside the checkout). The checks on the committed files still run.';
const itWithData = HAS_DATA ? it : it.skip;

type Area = Feature<Polygon | MultiPolygon, Record<string, string | null>>;
type Row = Record<string, string>;

function readGeo<G extends Polygon | MultiPolygon | Point | LineString>(
  region: string,
  name: string,
): Feature<G, Record<string, unknown>>[] {
  const fc = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, region, name), 'utf8')) as FeatureCollection<G, Record<string, unknown>>;
  return fc.features;
}
function readRows(region: string, name: string): Row[] {
  return parseCsv(fs.readFileSync(path.join(DEMO_DIR, region, name), 'utf8'));
}
const num = (v: string | undefined) => (v === undefined || v === '' ? 0 : Number(v));
const kindOf = (stages: string) => {
  const s = stages.split(';').sort().join(';');
  return s === 'junior;primary' ? 'nine-year' : s === 'junior;senior' ? 'complete' : s;
};
const compulsory = (r: Row) => ['primary', 'junior', 'nine-year'].includes(kindOf(r.stages));

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

describe('geo/demo generator', () => {
  // said at collection time: jest runs no hooks in a block whose tests are all skipped
  if (!HAS_DATA) console.warn(SKIP_MESSAGE);

  it('converts GCJ-02 to WGS-84 (inverse of the forward transform, offset of a few hundred metres)', () => {
    const gcj: [number, number] = [118.873041, 28.944539];
    const wgs = gcj02ToWgs84(gcj[0], gcj[1]);
    const back = wgs84ToGcj02(wgs[0], wgs[1]);
    expect(Math.abs(back[0] - gcj[0]) + Math.abs(back[1] - gcj[1])).toBeLessThan(1e-9);
    const metres = turf.distance(gcj, wgs, { units: 'meters' });
    expect(metres).toBeGreaterThan(200);
    expect(metres).toBeLessThan(900);
  });

  itWithData('regenerates the committed output byte for byte (and the README totals)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'geo-demo-'));
    try {
      const res = generate({ outDir: tmp, dataDir: DEFAULT_DATA_DIR, readme: null });
      for (const region of ['quzhou', 'toy']) {
        const committed = listFiles(path.join(DEMO_DIR, region));
        expect(listFiles(path.join(tmp, region))).toEqual(committed);
        for (const f of committed) {
          const a = fs.readFileSync(path.join(DEMO_DIR, region, f));
          const b = fs.readFileSync(path.join(tmp, region, f));
          if (!a.equals(b)) throw new Error(`${region}/${f} differs from a fresh regeneration: rerun geo/demo/generate.ts`);
        }
      }
      const readme = fs.readFileSync(path.join(DEMO_DIR, 'README.md'), 'utf8');
      const block = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END));
      expect(block).toContain(res.table);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('geo/demo quzhou output', () => {
  const areas = readGeo<Polygon | MultiPolygon>('quzhou', 'areas.geojson') as Area[];
  const byCode = new Map(areas.map((a) => [a.properties.code as string, a]));
  const level = (l: string) => areas.filter((a) => a.properties.level === l);
  const units = readGeo<Point>('quzhou', 'units.geojson');
  const schools = readRows('quzhou', 'schools.csv');
  const population = readRows('quzhou', 'population.csv');
  const births = readRows('quzhou', 'births.csv');
  const housing = readRows('quzhou', 'housing.csv');
  const catchments = readGeo<Polygon | MultiPolygon>('quzhou', 'catchments.geojson');
  const districts = readGeo<Polygon | MultiPolygon>('quzhou', 'districts.geojson');
  const facts: Facts | null = HAS_DATA ? readFacts(DEFAULT_DATA_DIR) : null;
  const ages = (r: Row) => Array.from({ length: 18 }, (_, a) => num(r[`age_${a}`]));
  const resident2024 = new Map(
    population.filter((r) => r.year === '2024' && r.population === 'resident').map((r) => [r.unit_code, ages(r)]),
  );

  it('keeps every file under 4 MB and names files after their layers', () => {
    for (const region of ['quzhou', 'toy']) {
      const files = listFiles(path.join(DEMO_DIR, region));
      // The toy has no road layer on purpose: it is the straight-line x detour case.
      const roads = region === 'quzhou' ? ['roads.geojson'] : [];
      expect(files).toEqual([
        'areas.geojson',
        'births.csv',
        'catchments.geojson',
        'districts.geojson',
        'housing.csv',
        'population.csv',
        ...roads,
        'schools.csv',
        'units.geojson',
      ]);
      for (const f of files) expect(fs.statSync(path.join(DEMO_DIR, region, f)).size).toBeLessThan(4 * 1024 * 1024);
    }
  });

  it('has the city, six counties, 100 townships and 1,500-2,000 villages with consistent codes', () => {
    expect(level('city').map((a) => a.properties.code)).toEqual(['330800']);
    expect(level('county')).toHaveLength(6);
    const townships = level('township');
    expect(townships).toHaveLength(100);
    for (const t of townships) expect(t.properties.code).toMatch(new RegExp(`^${t.properties.parent_code}\\d{3}$`));
    const villages = level('village');
    expect(villages.length).toBeGreaterThanOrEqual(1500);
    expect(villages.length).toBeLessThanOrEqual(2000);
    for (const v of villages) {
      expect(v.properties.code).toMatch(new RegExp(`^${v.properties.parent_code}\\d{3}$`));
      expect(['urban', 'rural']).toContain(v.properties.settlement);
    }
    if (facts) {
      expect(townships.map((t) => t.properties.code).sort()).toEqual(facts.townships.map((t) => t.code).sort());
      for (const t of facts.townships) expect(byCode.get(t.code)?.properties.name).toBe(t.name);
    }
  });

  it('partitions every level exactly: children inside their parent, covering it, without overlaps', () => {
    const kids = new Map<string, Area[]>();
    for (const a of areas) {
      const p = a.properties.parent_code as string | null;
      if (p) kids.set(p, [...(kids.get(p) ?? []), a]);
    }
    expect(kids.size).toBe(107);
    for (const [code, list] of kids) {
      const parent = byCode.get(code) as Area;
      const parentArea = turf.area(parent);
      const sum = list.reduce((s, k) => s + turf.area(k), 0);
      const union = (list.length === 1 ? list[0] : turf.union(turf.featureCollection(list))) as Area;
      const unionArea = turf.area(union);
      const inter = turf.intersect(turf.featureCollection([union, parent]));
      const interArea = inter ? turf.area(inter) : 0;
      const tol = 1e-6 * parentArea;
      expect(sum - unionArea).toBeLessThan(tol); // overlaps
      expect(unionArea - interArea).toBeLessThan(tol); // outside the parent
      expect(parentArea - interArea).toBeLessThan(tol); // gaps
    }
    for (const a of areas) {
      expect(turf.booleanValid(a)).toBe(true);
      expect(turf.kinks(a as Feature<Polygon>).features).toHaveLength(0);
    }
  });

  itWithData('has county areas within 10% and 2024 residents within 2% of the 2020 census', () => {
    for (const c of (facts as Facts).counties) {
      const km2 = turf.area(byCode.get(c.code) as Area) / 1e6;
      expect(Math.abs(km2 - c.areaKm2) / c.areaKm2).toBeLessThan(0.1);
      const residents = units
        .filter((u) => u.properties.county_code === c.code)
        .reduce((s, u) => s + Number(u.properties.residents_total), 0);
      expect(Math.abs(residents - c.population2020) / c.population2020).toBeLessThan(0.02);
      // the seat lies in the county
      expect(turf.booleanPointInPolygon(c.seat, byCode.get(c.code) as Area)).toBe(true);
    }
  });

  itWithData('keeps the census age structure: 2024 ages 4-17 are the 2020 cohorts 0-13 within 10%', () => {
    for (const c of (facts as Facts).counties) {
      const band = (lo: number, hi: number) => {
        let s = 0;
        for (const [code, a] of resident2024) if (code.startsWith(c.code)) for (let k = lo; k <= hi; k++) s += a[k];
        return s;
      };
      const P = c.population2020;
      // census 2020: ages 1-4 -> 2024 ages 5-8; ages 5-9 -> 9-13
      expect(Math.abs(band(5, 8) / (P * c.shares.share_1_4) - 1)).toBeLessThan(0.1);
      expect(Math.abs(band(9, 13) / (P * c.shares.share_5_9) - 1)).toBeLessThan(0.1);
    }
  });

  it('has one unit per village, at an interior point, with urban/rural resident vs registered as designed', () => {
    const villages = level('village');
    expect(units.map((u) => u.properties.code)).toEqual(villages.map((v) => v.properties.code));
    let urbanRes = 0;
    let urbanReg = 0;
    let ruralRes = 0;
    let ruralReg = 0;
    for (const u of units) {
      const v = byCode.get(u.properties.code as string) as Area;
      expect(turf.booleanPointInPolygon(u.geometry.coordinates, v)).toBe(true);
      expect(u.properties.township_code).toBe(v.properties.parent_code);
      expect(u.properties.settlement).toBe(v.properties.settlement);
      const res = Number(u.properties.residents_total);
      const reg = Number(u.properties.registered_total);
      expect(res).toBeGreaterThan(0);
      const kids = (resident2024.get(u.properties.code as string) as number[]).reduce((a, b) => a + b, 0);
      expect(kids).toBeLessThan(res);
      if (u.properties.settlement === 'urban') {
        urbanRes += res;
        urbanReg += reg;
        expect(reg).toBeLessThan(res);
      } else {
        ruralRes += res;
        ruralReg += reg;
        expect(reg).toBeGreaterThan(res);
      }
    }
    expect(urbanReg).toBeLessThan(urbanRes);
    expect(ruralReg).toBeGreaterThan(ruralRes);
  });

  it('has ages 0-17 for 2016-2024, resident and registered, for every unit, ageing plausibly', () => {
    expect(population).toHaveLength(units.length * 18);
    const get = (y: number, kind: string) => population.filter((r) => r.year === String(y) && r.population === kind);
    for (const kind of ['resident', 'registered']) {
      for (const y of [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]) {
        const prev = new Map(get(y - 1, kind).map((r) => [r.unit_code, ages(r)]));
        let num_ = 0;
        let den = 0;
        for (const r of get(y, kind)) {
          const a = ages(r);
          const p = prev.get(r.unit_code) as number[];
          for (let k = 1; k < 18; k++) {
            num_ += a[k];
            den += p[k - 1];
          }
        }
        const ratio = num_ / den;
        expect(ratio).toBeGreaterThan(0.97);
        expect(ratio).toBeLessThan(1.03);
      }
    }
  });

  it('carries year-to-year noise in the history: unit ageing ratios vary by about 3 % a year (resident), less (registered)', () => {
    const sdOf = (kind: string): number => {
      const rows = new Map<string, Map<number, number[]>>();
      for (const r of population.filter((x) => x.population === kind)) {
        const m = rows.get(r.unit_code) ?? new Map<number, number[]>();
        m.set(Number(r.year), ages(r));
        rows.set(r.unit_code, m);
      }
      const sds: number[] = [];
      for (const m of rows.values()) {
        const logs: number[] = [];
        let kids = 0;
        for (let y = 2017; y <= 2024; y++) {
          const a = m.get(y) as number[];
          const p = m.get(y - 1) as number[];
          let n = 0;
          let d = 0;
          for (let k = 1; k < 18; k++) {
            n += a[k];
            d += p[k - 1];
          }
          kids += d;
          if (d > 0 && n > 0) logs.push(Math.log(n / d));
        }
        if (kids / 8 < 300 || logs.length < 8) continue;
        const mean = logs.reduce((x, y) => x + y, 0) / logs.length;
        sds.push(Math.sqrt(logs.reduce((x, y) => x + (y - mean) ** 2, 0) / (logs.length - 1)));
      }
      sds.sort((x, y) => x - y);
      return sds[Math.floor(sds.length / 2)];
    };
    const resident = sdOf('resident');
    const registered = sdOf('registered');
    expect(resident).toBeGreaterThan(0.02);
    expect(resident).toBeLessThan(0.05);
    expect(registered).toBeLessThan(resident);
  });

  it('has births 2012-2024 per township peaking in 2016-2017 and falling 40-50% by 2023, matching age 0', () => {
    expect(births).toHaveLength(100 * 13);
    const byCounty = new Map<string, Map<number, number>>();
    for (const r of births) {
      expect(r.area_code).toMatch(/^\d{9}$/);
      const m = byCounty.get(r.area_code.slice(0, 6)) ?? new Map<number, number>();
      m.set(Number(r.year), (m.get(Number(r.year)) ?? 0) + num(r.births));
      byCounty.set(r.area_code.slice(0, 6), m);
    }
    for (const [county, m] of byCounty) {
      const years = [...m.keys()].sort();
      expect(years[0]).toBe(2012);
      expect(years[years.length - 1]).toBe(2024);
      const peakYear = years.reduce((a, b) => ((m.get(b) as number) > (m.get(a) as number) ? b : a));
      expect([2016, 2017]).toContain(peakYear);
      const fall = 1 - (m.get(2023) as number) / (m.get(peakYear) as number);
      expect(fall).toBeGreaterThanOrEqual(0.4);
      expect(fall).toBeLessThanOrEqual(0.5);
      for (const y of [2022, 2023, 2024]) {
        const age0 = population
          .filter((r) => r.year === String(y) && r.population === 'resident' && r.unit_code.startsWith(county))
          .reduce((s, r) => s + num(r.age_0), 0);
        const ratio = age0 / (m.get(y) as number);
        expect(ratio).toBeGreaterThan(0.95);
        expect(ratio).toBeLessThan(1.01);
      }
    }
  });

  it('has realistic school numbers, consistent rows, points inside their townships', () => {
    const count = (k: string) => schools.filter((s) => kindOf(s.stages) === k).length;
    expect(count('kindergarten')).toBeGreaterThanOrEqual(350);
    expect(count('kindergarten')).toBeLessThanOrEqual(450);
    expect(count('primary')).toBeGreaterThanOrEqual(150);
    expect(count('primary')).toBeLessThanOrEqual(220);
    expect(count('junior')).toBeGreaterThanOrEqual(50);
    expect(count('junior')).toBeLessThanOrEqual(80);
    expect(count('nine-year')).toBeGreaterThanOrEqual(30);
    expect(count('nine-year')).toBeLessThanOrEqual(50);
    expect(count('senior') + count('complete')).toBeGreaterThanOrEqual(25);
    expect(count('senior') + count('complete')).toBeLessThanOrEqual(35);
    expect(count('complete')).toBeGreaterThan(0);
    for (const c of level('county')) {
      expect(schools.filter((s) => s.stages === 'special' && s.county_code === c.properties.code)).toHaveLength(1);
    }
    for (const s of schools) {
      const enrol = Object.keys(s)
        .filter((k) => /^enrol_[kg]\d+$/.test(k))
        .reduce((a, k) => a + num(s[k]), 0);
      const classes = Object.keys(s)
        .filter((k) => /^classes_[kg]\d+$/.test(k))
        .reduce((a, k) => a + num(s[k]), 0);
      expect(num(s.enrolment)).toBe(enrol);
      expect(num(s.classes)).toBe(classes);
      expect(num(s.max_classes)).toBeGreaterThanOrEqual(classes);
      expect(num(s.approved_seats)).toBeGreaterThan(0);
      expect(s.status).toBe('open');
      expect(['public', 'inclusive_private', 'private']).toContain(s.ownership);
      expect(s.township_code.startsWith(s.county_code)).toBe(true);
      const t = byCode.get(s.township_code) as Area;
      expect(turf.booleanPointInPolygon([Number(s.lon), Number(s.lat)], t)).toBe(true);
      if (compulsory(s)) expect(s.qualified_teachers).not.toBe('');
      if (s.stages.includes('kindergarten')) expect(num(s.approved_seats)).toBeLessThanOrEqual(360);
    }
  });

  it('has at least 60 primary/junior/nine-year schools under 200 pupils and 25 under 100', () => {
    const comp = schools.filter(compulsory);
    expect(comp.filter((s) => num(s.enrolment) < 200).length).toBeGreaterThanOrEqual(60);
    expect(comp.filter((s) => num(s.enrolment) < 100).length).toBeGreaterThanOrEqual(25);
  });

  it('has urban Kecheng schools over capacity with 大班额 classes', () => {
    const over = schools.filter((s) => s.county_code === '330802' && compulsory(s) && num(s.enrolment) > num(s.approved_seats));
    expect(over.length).toBeGreaterThanOrEqual(3);
    const large = over.filter((s) =>
      Array.from({ length: 9 }, (_, g) => g + 1).some(
        (g) => num(s[`classes_g${g}`]) > 0 && num(s[`enrol_g${g}`]) / num(s[`classes_g${g}`]) >= 56,
      ),
    );
    expect(large.length).toBeGreaterThanOrEqual(3);
  });

  it('meets the kindergarten targets in some counties and misses them in others', () => {
    const met = { inclusive: [] as boolean[], public: [] as boolean[] };
    for (const c of level('county')) {
      const kgs = schools.filter((s) => s.county_code === c.properties.code && s.stages === 'kindergarten');
      const seats = kgs.reduce((a, s) => a + num(s.approved_seats), 0);
      const inclusive = kgs.filter((s) => s.ownership !== 'private').reduce((a, s) => a + num(s.approved_seats), 0);
      const enrol = kgs.reduce((a, s) => a + num(s.enrolment), 0);
      const pub = kgs.filter((s) => s.ownership === 'public').reduce((a, s) => a + num(s.enrolment), 0);
      met.inclusive.push(inclusive / seats >= 0.95);
      met.public.push(pub / enrol >= 0.85);
    }
    expect(met.inclusive).toContain(true);
    expect(met.inclusive).toContain(false);
    expect(met.public).toContain(true);
    expect(met.public).toContain(false);
  });

  it('has catchments covering every populated village once per stage, for every primary and junior school', () => {
    const populated = units
      .filter((u) => (resident2024.get(u.properties.code as string) ?? []).some((a) => a > 0))
      .map((u) => u.properties.code as string);
    const schoolByCode = new Map(schools.map((s) => [s.code, s]));
    for (const stage of ['primary', 'junior', 'kindergarten']) {
      const cs = catchments.filter((c) => c.properties.stage === stage);
      const seen = new Map<string, number>();
      for (const c of cs) {
        for (const u of String(c.properties.unit_codes).split(';')) seen.set(u, (seen.get(u) ?? 0) + 1);
        for (const s of String(c.properties.school_codes).split(';')) {
          const row = schoolByCode.get(s) as Row;
          expect(row.stages.split(';')).toContain(stage);
          if (stage === 'kindergarten') expect(row.ownership).not.toBe('private');
        }
        expect(turf.booleanValid(c)).toBe(true);
      }
      for (const u of populated) expect(seen.get(u)).toBe(1);
      const served = new Set(cs.flatMap((c) => String(c.properties.school_codes).split(';')));
      const expected = schools.filter(
        (s) => s.stages.split(';').includes(stage) && (stage !== 'kindergarten' || s.ownership !== 'private'),
      );
      for (const s of expected) expect(served.has(s.code)).toBe(true);
    }
  });

  it('draws enrolment from the catchment populations', () => {
    const unitsOf = new Map<string, string[]>();
    for (const c of catchments)
      for (const s of String(c.properties.school_codes).split(';'))
        unitsOf.set(`${s}/${c.properties.stage}`, String(c.properties.unit_codes).split(';'));
    const kids = (us: string[], lo: number, hi: number) =>
      us.reduce((a, u) => a + (resident2024.get(u) as number[]).slice(lo, hi + 1).reduce((x, y) => x + y, 0), 0);
    let p = 0;
    let pk = 0;
    let j = 0;
    let jk = 0;
    for (const s of schools) {
      const prim = unitsOf.get(`${s.code}/primary`);
      if (prim) {
        const e = Array.from({ length: 6 }, (_, g) => num(s[`enrol_g${g + 1}`])).reduce((a, b) => a + b, 0);
        const k = kids(prim, 6, 11);
        expect(e).toBeLessThanOrEqual(k + 6);
        p += e;
        pk += k;
      }
      const jun = unitsOf.get(`${s.code}/junior`);
      if (jun) {
        const e = [7, 8, 9].reduce((a, g) => a + num(s[`enrol_g${g}`]), 0);
        j += e;
        jk += kids(jun, 12, 14);
      }
    }
    expect(p / pk).toBeGreaterThan(0.95);
    expect(j / jk).toBeGreaterThan(0.93);
  });

  it('has the 高铁新城 district on the Kecheng/Qujiang boundary with at least 12 projects and 15,000 households', () => {
    expect(districts).toHaveLength(1);
    const d = districts[0];
    expect(d.properties).toMatchObject({ code: 'GTXC', name: '高铁新城', watched: true });
    for (const county of ['330802', '330803']) expect(turf.booleanIntersects(d, byCode.get(county) as Area)).toBe(true);
    const inD = housing.filter((h) => h.district_code === 'GTXC');
    expect(inD.length).toBeGreaterThanOrEqual(12);
    let hh = 0;
    for (const h of housing) {
      const phases = h.phasing.split(';').map((p) => p.split(':').map(Number));
      expect(phases.reduce((a, [, n]) => a + n, 0)).toBe(num(h.households));
      expect(byCode.get(h.unit_code)?.properties.parent_code).toBe(h.township_code);
      expect(turf.booleanPointInPolygon([Number(h.lon), Number(h.lat)], byCode.get(h.unit_code) as Area)).toBe(true);
      if (h.district_code === 'GTXC') {
        expect(turf.booleanPointInPolygon([Number(h.lon), Number(h.lat)], d)).toBe(true);
        hh += phases.filter(([y]) => y >= 2025 && y <= 2031).reduce((a, [, n]) => a + n, 0);
      }
    }
    expect(hh).toBeGreaterThanOrEqual(15000);
    expect(housing.length).toBeGreaterThan(inD.length);
  });
});

describe('geo/demo quzhou road network', () => {
  const roads = readGeo<LineString>('quzhou', 'roads.geojson');
  const units = readGeo<Point>('quzhou', 'units.geojson');
  const schools = readRows('quzhou', 'schools.csv');
  const MOUNTAIN = ['330822', '330824', '330881'];
  const inputs: RoadInput[] = roads.map((f) => ({
    code: f.properties.code as string,
    roadClass: f.properties.class as string,
    speedKmh: f.properties.speed_kmh as number,
    oneway: f.properties.oneway as boolean,
    ferry: f.properties.ferry as boolean,
    lines: [f.geometry.coordinates],
  }));

  it('gives every road a class and its own speed', () => {
    expect(roads.length).toBeGreaterThan(2000);
    const classes = new Set(roads.map((f) => f.properties.class));
    expect([...classes].sort()).toEqual(['乡道', '县道', '国道', '村道', '省道'].sort());
    for (const f of roads) {
      expect(f.geometry.type).toBe('LineString');
      expect(Number.isInteger(f.properties.speed_kmh)).toBe(true);
      expect(f.properties.speed_kmh as number).toBeGreaterThanOrEqual(10);
      expect(f.properties.speed_kmh as number).toBeLessThanOrEqual(80);
    }
  });

  it('is one connected network that every village and school sits on', () => {
    const g = buildRoadGraph(inputs);
    expect(g.componentCount).toBe(1);
    const tc = roadTravel(g);
    for (const u of units) expect(tc.snap({ lon: u.geometry.coordinates[0], lat: u.geometry.coordinates[1] })!.distanceM).toBeLessThan(1);
    for (const s of schools) expect(tc.snap({ lon: Number(s.lon), lat: Number(s.lat) })!.distanceM).toBeLessThan(25);
  });

  it('winds more and drives slower in the mountain counties (开化, 江山, 常山)', () => {
    const stats = (mountain: boolean) => {
      const rs = roads.filter(
        (f) =>
          ['村道', '乡道'].includes(f.properties.class as string) &&
          MOUNTAIN.includes((f.properties.code as string).slice(0, 6)) === mountain,
      );
      let length = 0;
      let chord = 0;
      let speed = 0;
      for (const f of rs) {
        const c = f.geometry.coordinates;
        for (let i = 1; i < c.length; i++) length += haversineM(c[i - 1][0], c[i - 1][1], c[i][0], c[i][1]);
        chord += haversineM(c[0][0], c[0][1], c[c.length - 1][0], c[c.length - 1][1]);
        speed += f.properties.speed_kmh as number;
      }
      return { winding: length / chord, speed: speed / rs.length };
    };
    const plain = stats(false);
    const mountain = stats(true);
    expect(plain.winding).toBeGreaterThan(1.005);
    expect(mountain.winding).toBeGreaterThan(plain.winding + 0.02);
    expect(mountain.speed).toBeLessThan(plain.speed - 3);
  });

  itWithData('crosses the invented rivers only at bridges', () => {
    const q = buildQuzhou(readFacts(DEFAULT_DATA_DIR));
    expect(q.model.roads.bridged).toBeGreaterThan(10);
    for (const river of q.model.roads.rivers) {
      expect(river.bridges.length).toBeGreaterThan(3);
      for (const r of q.records.roads) {
        const line = r.geometry.coordinates as [number, number][];
        if (crossesRiver(line, river)) throw new Error(`${r.code} crosses ${river.name} away from a bridge`);
      }
      const bridgeKeys = new Set(river.bridges.map((b) => `${b[0]},${b[1]}`));
      const used = q.records.roads.filter((r) => (r.geometry.coordinates as number[][]).some((p) => bridgeKeys.has(`${p[0]},${p[1]}`)));
      expect(used.length).toBeGreaterThan(2);
    }
  });
});

describe('geo/demo toy output', () => {
  const areas = readGeo<Polygon | MultiPolygon>('toy', 'areas.geojson') as Area[];
  const units = readGeo<Polygon>('toy', 'units.geojson');
  const schools = readRows('toy', 'schools.csv');
  const population = readRows('toy', 'population.csv');

  it('is a small hand-computable region away from Quzhou', () => {
    expect(areas.filter((a) => a.properties.level === 'township')).toHaveLength(2);
    expect(units).toHaveLength(10);
    for (const u of units) expect(u.geometry.type).toBe('Polygon');
    expect(schools.length).toBeGreaterThanOrEqual(6);
    expect(schools.length).toBeLessThanOrEqual(8);
    expect(population).toHaveLength(10 * 3 * 2);
    const toyBox = turf.bbox(turf.featureCollection(areas));
    const qzBox = turf.bbox(
      turf.featureCollection(readGeo<Polygon | MultiPolygon>('quzhou', 'areas.geojson').filter((a) => a.properties.level === 'city')),
    );
    expect(toyBox[2] < qzBox[0] || toyBox[0] > qzBox[2] || toyBox[3] < qzBox[1] || toyBox[1] > qzBox[3]).toBe(true);
    const p = new Map(schools.map((s) => [s.code, s]));
    expect(num(p.get('339901P001')?.enrolment)).toBe(1080);
    expect(num(p.get('339901P003')?.enrolment)).toBe(96);
    expect(num(p.get('339901J001')?.enrolment)).toBe(780);
    const row = population.find((r) => r.unit_code === '339901001001' && r.year === '2024' && r.population === 'resident') as Row;
    expect([row.age_0, row.age_1, row.age_2, row.age_17]).toEqual(['25', '30', '36', '36']);
  });
});
