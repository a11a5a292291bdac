/**
 * Schools, catchments (施教区) and kindergarten service zones (服务区) of the Quzhou demo, with enrolment drawn
 * from the unit populations of each catchment (about 100% of ages 6-14, ~90% of ages 3-5, ~58% of 15-17).
 */
import type { Ownership, Stage } from '@app/domain';
import type { County, Township, Village, World } from './geometry';
import { kindergartenBrand, ordinal, townshipShort } from './names';
import type { PopulationResult } from './population';
import { BASE_YEAR, sumAges } from './population';
import { MinHeap } from './heap';
import { Rng, roundToTotal, stream } from './rng';

export type SchoolKind = 'kindergarten' | 'primary' | 'junior' | 'nine_year' | 'senior' | 'complete' | 'special';
export type Setting = 'urban' | 'town' | 'rural';

export interface Indicators {
  qualifiedTeachers: number;
  backboneTeachers: number;
  peArtsTeachers: number;
  teachingAreaM2: number;
  sportsAreaM2: number;
  equipmentValueCny: number;
  multimediaClassrooms: number;
}

export interface School {
  code: string;
  name: string;
  kind: SchoolKind;
  stages: Stage[];
  ownership: Ownership;
  county: County;
  township: Township;
  village: Village;
  cell: number;
  lon: number;
  lat: number;
  setting: Setting;
  /** A small village primary school (教学点-like), capped to a few villages. */
  villageSchool: boolean;
  /** grade (-2..12) -> pupils / classes. */
  enrol: Map<number, number>;
  classes: Map<number, number>;
  approvedSeats: number;
  classSizeNorm: number;
  maxClasses: number;
  boardingPlaces: number;
  teachers: number;
  indicators: Indicators | null;
  openYear: number;
  overCapacity: boolean;
  /** Serves villages of the 高铁新城 district (seats sized by the district check). */
  gtxc: boolean;
  seq: number;
}

export type CatchmentStage = 'kindergarten' | 'primary' | 'junior';

export interface Catchment {
  code: string;
  stage: CatchmentStage;
  schools: School[];
  villages: Village[];
}

export interface SchoolsResult {
  schools: School[];
  catchments: Catchment[];
}

/** Small village primary schools per county (remote villages far from the township centre). */
const VILLAGE_SCHOOLS: Record<string, number> = { '330802': 9, '330803': 14, '330822': 10, '330824': 16, '330825': 10, '330881': 14 };
/** Rural nine-year (九年一贯制) schools per county, at remote 乡 centres. */
const NINE_RURAL: Record<string, number> = { '330802': 3, '330803': 5, '330822': 4, '330824': 6, '330825': 4, '330881': 5 };
const NINE_URBAN: Record<string, number> = { '330802': 2 };
/** 完全中学 (junior + senior) per county, in the county seat. */
const COMPLETE: Record<string, number> = { '330802': 2 };
/** Senior-only high schools per county. */
const SENIOR: Record<string, number> = { '330802': 5, '330803': 3, '330822': 3, '330824': 3, '330825': 3, '330881': 5 };
/**
 * Kindergarten ownership design: share of places in private (non-inclusive) kindergartens and the public share
 * of enrolment aimed at. Inclusive >= 95% of places and public >= 85% of enrolment are met in some counties
 * (Qujiang, Changshan, Jiangshan) and missed in others (Kecheng: public; Kaihua: inclusive; Longyou: both).
 */
const KG_DESIGN: Record<string, { privatePlaces: number; publicEnrol: number }> = {
  '330802': { privatePlaces: 0.035, publicEnrol: 0.8 },
  '330803': { privatePlaces: 0.025, publicEnrol: 0.89 },
  '330822': { privatePlaces: 0.02, publicEnrol: 0.91 },
  '330824': { privatePlaces: 0.075, publicEnrol: 0.88 },
  '330825': { privatePlaces: 0.08, publicEnrol: 0.81 },
  '330881': { privatePlaces: 0.03, publicEnrol: 0.875 },
};

/** Indicator minimums (教督〔2017〕6号; docs/standards.md), per 100 pupils or per pupil. */
const MINIMUMS = {
  primary: { qualified: 4.2, backbone: 1, peArts: 0.9, area: 4.5, sports: 7.5, equipment: 2000, multimedia: 2.3 },
  junior: { qualified: 5.3, backbone: 1, peArts: 0.9, area: 5.8, sports: 10.2, equipment: 2500, multimedia: 2.4 },
};

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);
export const STAGE_AGES: Record<CatchmentStage | 'senior', number[]> = {
  kindergarten: [3, 4, 5],
  primary: range(6, 11),
  junior: range(12, 14),
  senior: range(15, 17),
};
/** Age on 31 August of pupils in a grade (kindergarten -2..0, school 1..12). */
export const gradeAge = (g: number) => (g <= 0 ? g + 5 : g + 5);

function vdist(world: World, a: Village, b: Village): number {
  return world.grid.distKm(a.center, b.center);
}

/**
 * Multi-source shortest-path assignment of villages to sources over the village adjacency graph (restricted
 * to `vs`); a source with a cap takes at most that many villages. Unreached villages go to the nearest
 * uncapped source. Returns village -> source index.
 */
function assignVillages(world: World, vs: Village[], sources: { village: Village; cap: number }[]): Map<Village, number> {
  const inSet = new Set(vs);
  const owner = new Map<Village, number>();
  const taken = sources.map(() => 0);
  const heap = new MinHeap();
  const N = world.villages.length;
  sources.forEach((s, k) => heap.push(0, k * N + s.village.idx));
  for (;;) {
    const top = heap.pop();
    if (!top) break;
    const k = Math.floor(top[1] / N);
    const v = world.villages[top[1] - k * N];
    if (owner.has(v) || taken[k] >= sources[k].cap) continue;
    owner.set(v, k);
    taken[k]++;
    for (const nbIdx of v.neighbours) {
      const nb = world.villages[nbIdx];
      if (inSet.has(nb) && !owner.has(nb)) heap.push(top[0] + vdist(world, v, nb), k * N + nb.idx);
    }
  }
  // villages cut off behind a capped catchment join an adjacent catchment, so catchments stay contiguous
  for (let changed = true; changed;) {
    changed = false;
    for (const v of vs) {
      if (owner.has(v)) continue;
      const nb = v.neighbours
        .map((i) => world.villages[i])
        .filter((n) => inSet.has(n) && owner.has(n))
        .sort((a, b) => vdist(world, v, a) - vdist(world, v, b) || a.idx - b.idx)[0];
      if (nb) {
        owner.set(v, owner.get(nb) as number);
        changed = true;
      }
    }
  }
  for (const v of vs) {
    if (owner.has(v)) continue;
    let best = 0;
    let bd = Infinity;
    sources.forEach((s, k) => {
      if (s.cap !== Infinity) return;
      const d = vdist(world, v, s.village);
      if (d < bd) {
        bd = d;
        best = k;
      }
    });
    owner.set(v, best);
  }
  return owner;
}

/** n villages spread over `vs` (farthest point), starting from `first` when given. */
function spreadVillages(world: World, vs: Village[], n: number, first?: Village): Village[] {
  const out: Village[] = [];
  if (vs.length === 0) return out;
  if (first) out.push(first);
  else {
    // start with the most populous
    out.push([...vs].sort((a, b) => b.residents - a.residents || a.idx - b.idx)[0]);
  }
  while (out.length < Math.min(n, vs.length)) {
    let best: Village | null = null;
    let bd = -1;
    for (const v of vs) {
      if (out.includes(v)) continue;
      const d = Math.min(...out.map((o) => vdist(world, v, o))) * (0.6 + 0.4 * Math.sqrt(v.residents / 5000));
      if (d > bd) {
        bd = d;
        best = v;
      }
    }
    if (!best) break;
    out.push(best);
  }
  return out;
}

function villageAt(world: World, cell: number): Village {
  return world.villages[world.villageOf[cell]];
}

function newSchool(kind: SchoolKind, county: County, township: Township, village: Village, seq: number): School {
  const stages: Record<SchoolKind, Stage[]> = {
    kindergarten: ['kindergarten'],
    primary: ['primary'],
    junior: ['junior'],
    nine_year: ['primary', 'junior'],
    senior: ['senior'],
    complete: ['junior', 'senior'],
    special: ['special'],
  };
  return {
    code: '',
    name: '',
    kind,
    stages: stages[kind],
    ownership: 'public',
    county,
    township,
    village,
    cell: -1,
    lon: 0,
    lat: 0,
    setting: township.isSeat && village.urban ? 'urban' : village.urban ? 'town' : 'rural',
    villageSchool: false,
    enrol: new Map(),
    classes: new Map(),
    approvedSeats: 0,
    classSizeNorm: 0,
    maxClasses: 0,
    boardingPlaces: 0,
    teachers: 0,
    indicators: null,
    openYear: 0,
    overCapacity: false,
    gtxc: false,
    seq,
  };
}

export function buildSchools(world: World, pop: PopulationResult, gtxcVillages: Set<Village>): SchoolsResult {
  const schools: School[] = [];
  const catchments: Catchment[] = [];
  let seq = 0;
  const kids = (vs: Iterable<Village>, ages: number[]) => sumAges(pop, vs, BASE_YEAR, ages);

  for (const county of world.counties) {
    const code = county.fact.code;
    const rng = stream(`schools/${code}`);
    const cvs = county.townships.flatMap((t) => t.villages);
    const seatTs = county.townships.filter((t) => t.isSeat);
    const seatCentre = world.villages[world.villageOf[county.seatCell]];

    // ---- primary sites ----
    const primaryOf = new Map<Township, School[]>();
    const add = (s: School) => {
      schools.push(s);
      return s;
    };
    for (const t of county.townships) {
      const p = kids(t.villages, STAGE_AGES.primary);
      const list: School[] = [];
      if (t.isSeat) {
        const urban = t.villages.filter((v) => v.urban);
        const n = Math.max(1, Math.round(p / 1700));
        const first = t.villages.includes(seatCentre) ? seatCentre : undefined;
        for (const v of spreadVillages(world, urban.length > 0 ? urban : t.villages, n, first))
          list.push(add(newSchool('primary', county, t, v, seq++)));
      } else {
        const centre = villageAt(world, t.kind === 'zhen' ? t.coreCell : t.seed);
        list.push(add(newSchool('primary', county, t, centre, seq++)));
        if (t.kind === 'zhen' && p > 1600) {
          const second = spreadVillages(world, t.villages, 2, centre)[1];
          if (second) list.push(add(newSchool('primary', county, t, second, seq++)));
        }
      }
      primaryOf.set(t, list);
    }
    // small village schools in remote villages of rural townships
    const remote: { v: Village; d: number }[] = [];
    for (const t of county.townships) {
      if (t.isSeat) continue;
      const sites = primaryOf.get(t) as School[];
      for (const v of t.villages) {
        if (v.urban || sites.some((s) => s.village === v)) continue;
        remote.push({ v, d: Math.min(...sites.map((s) => vdist(world, v, s.village))) });
      }
    }
    remote.sort((a, b) => b.d - a.d || a.v.idx - b.v.idx);
    const chosen: Village[] = [];
    const quota = VILLAGE_SCHOOLS[code] ?? 8;
    for (const spacing of [4, 3, 2]) {
      for (const { v, d } of remote) {
        if (chosen.length >= quota) break;
        if (d < 3 || chosen.includes(v)) continue;
        if (chosen.some((c) => vdist(world, c, v) < spacing)) continue;
        chosen.push(v);
      }
    }
    const caps = new Map<School, number>();
    for (const v of chosen) {
      const s = add(newSchool('primary', county, v.township, v, seq++));
      s.villageSchool = true;
      const r = rng.next();
      caps.set(s, r < 0.3 ? rng.int(1, 2) : r < 0.7 ? rng.int(3, 4) : rng.int(5, 7));
      (primaryOf.get(v.township) as School[]).push(s);
    }
    // ---- primary catchments (within each township) ----
    const primaryCatch = new Map<School, Catchment>();
    for (const t of county.townships) {
      const sites = primaryOf.get(t) as School[];
      const owner = assignVillages(
        world,
        t.villages,
        sites.map((s) => ({ village: s.village, cap: caps.get(s) ?? Infinity })),
      );
      sites.forEach((s, k) => {
        const vs = t.villages.filter((v) => owner.get(v) === k);
        const c: Catchment = { code: '', stage: 'primary', schools: [s], villages: vs };
        primaryCatch.set(s, c);
        catchments.push(c);
      });
    }
    // ---- nine-year designation ----
    const xiangCentres = county.townships
      .filter((t) => !t.isSeat && t.kind === 'xiang')
      .map((t) => (primaryOf.get(t) as School[])[0])
      .sort((a, b) => vdist(world, b.village, seatCentre) - vdist(world, a.village, seatCentre) || a.seq - b.seq);
    const zhenCentres = county.townships
      .filter((t) => !t.isSeat && t.kind === 'zhen')
      .map((t) => (primaryOf.get(t) as School[])[0])
      .sort((a, b) => vdist(world, b.village, seatCentre) - vdist(world, a.village, seatCentre) || a.seq - b.seq);
    const nineRural = [...xiangCentres, ...zhenCentres]
      .filter((s) => !(primaryCatch.get(s) as Catchment).villages.some((v) => gtxcVillages.has(v)))
      .slice(0, NINE_RURAL[code] ?? 4);
    nineRural.forEach((s) => {
      s.kind = 'nine_year';
      s.stages = ['primary', 'junior'];
    });
    const seatPrimaries = seatTs.flatMap((t) => primaryOf.get(t) as School[]).filter((s) => !s.villageSchool);
    const nineUrbanN = NINE_URBAN[code] ?? 1;
    const nineUrban = seatPrimaries
      .filter((s) => !(primaryCatch.get(s) as Catchment).villages.some((v) => gtxcVillages.has(v)))
      .sort((a, b) => vdist(world, b.village, seatCentre) - vdist(world, a.village, seatCentre) || a.seq - b.seq)
      .slice(0, nineUrbanN);
    nineUrban.forEach((s) => {
      s.kind = 'nine_year';
      s.stages = ['primary', 'junior'];
    });
    // ---- junior sites ----
    const juniors: { school: School; home: Catchment }[] = [];
    for (const s of [...nineRural, ...nineUrban]) juniors.push({ school: s, home: primaryCatch.get(s) as Catchment });
    for (const t of county.townships) {
      if (t.isSeat || t.kind !== 'zhen') continue;
      const centre = (primaryOf.get(t) as School[])[0];
      if (centre.kind === 'nine_year') continue;
      juniors.push({ school: add(newSchool('junior', county, t, centre.village, seq++)), home: primaryCatch.get(centre) as Catchment });
    }
    const seatVs = seatTs.flatMap((t) => t.villages);
    const J = kids(seatVs, STAGE_AGES.junior);
    const nComplete = COMPLETE[code] ?? 1;
    const nUrbanJunior = Math.max(1, Math.round(J / 1100) - nineUrbanN - nComplete);
    const freeSeatPrimaries = seatPrimaries.filter((s) => s.kind === 'primary');
    const seatHomes = spreadVillages(
      world,
      freeSeatPrimaries.map((s) => s.village),
      nComplete + nUrbanJunior,
    );
    const seatJuniors: School[] = [];
    seatHomes.forEach((v) => {
      const home = freeSeatPrimaries.find((s) => s.village === v) as School;
      const s = add(newSchool('junior', county, home.township, v, seq++));
      seatJuniors.push(s);
      juniors.push({ school: s, home: primaryCatch.get(home) as Catchment });
    });
    // ---- junior catchments: groups of primary catchments ----
    const pcs = [...primaryCatch.values()].filter((c) => c.schools[0].county === county);
    const pcOf = new Map<Village, number>();
    pcs.forEach((c, k) => c.villages.forEach((v) => pcOf.set(v, k)));
    const site = (c: Catchment) => c.schools[0].village;
    const adj = pcs.map(() => new Set<number>());
    pcs.forEach((c, k) => {
      for (const v of c.villages)
        for (const nb of v.neighbours) {
          const o = pcOf.get(world.villages[nb]);
          if (o !== undefined && o !== k) adj[k].add(o);
        }
    });
    const jOwner = new Map<number, number>();
    const heap = new MinHeap();
    const M = pcs.length;
    juniors.forEach((j, k) => heap.push(0, k * M + pcs.indexOf(j.home)));
    for (;;) {
      const top = heap.pop();
      if (!top) break;
      const k = Math.floor(top[1] / M);
      const node = top[1] - k * M;
      if (jOwner.has(node)) continue;
      jOwner.set(node, k);
      for (const nb of [...adj[node]].sort((a, b) => a - b)) {
        if (jOwner.has(nb)) continue;
        const ta = site(pcs[node]).township;
        const tb = site(pcs[nb]).township;
        const penalty = ta === tb || (ta.isSeat && tb.isSeat) ? 0 : 8;
        heap.push(top[0] + vdist(world, site(pcs[node]), site(pcs[nb])) + penalty, k * M + nb);
      }
    }
    pcs.forEach((c, k) => {
      if (jOwner.has(k)) return;
      let best = 0;
      let bd = Infinity;
      juniors.forEach((j, jk) => {
        const d = vdist(world, site(c), j.school.village);
        if (d < bd) {
          bd = d;
          best = jk;
        }
      });
      jOwner.set(k, best);
    });
    const juniorCatch = new Map<School, Catchment>();
    juniors.forEach((j, jk) => {
      const vs = pcs.filter((_, k) => jOwner.get(k) === jk).flatMap((c) => c.villages);
      const c: Catchment = { code: '', stage: 'junior', schools: [j.school], villages: vs };
      juniorCatch.set(j.school, c);
      catchments.push(c);
    });
    // 完全中学: seat junior schools away from the 高铁新城 (whose seats the district check sizes)
    const completeSchools = seatJuniors
      .filter((s) => !(juniorCatch.get(s) as Catchment).villages.some((v) => gtxcVillages.has(v)))
      .slice(0, nComplete);
    completeSchools.forEach((s) => {
      s.kind = 'complete';
      s.stages = ['junior', 'senior'];
    });

    // ---- kindergartens with service zones ----
    const zoneKgs: School[] = [];
    const kgZone = new Map<School, Catchment>();
    for (const t of county.townships) {
      const D = 0.9 * kids(t.villages, STAGE_AGES.kindergarten);
      const target = t.isSeat ? 230 : t.kind === 'zhen' ? 150 : 90;
      let n = Math.max(1, Math.round(D / target));
      const first = t.isSeat
        ? t.villages.includes(seatCentre)
          ? seatCentre
          : undefined
        : villageAt(world, t.kind === 'zhen' ? t.coreCell : t.seed);
      const pool = t.isSeat && t.villages.some((v) => v.urban) ? t.villages.filter((v) => v.urban) : t.villages;
      let sites: Village[] = [];
      let owner = new Map<Village, number>();
      for (let iter = 0; iter < 12; iter++) {
        sites = spreadVillages(world, pool, n, first);
        owner = assignVillages(
          world,
          t.villages,
          sites.map((v) => ({ village: v, cap: Infinity })),
        );
        const loads = sites.map(
          (_, k) =>
            0.9 *
            kids(
              t.villages.filter((v) => owner.get(v) === k),
              STAGE_AGES.kindergarten,
            ),
        );
        if (Math.max(...loads) <= 320 || n >= pool.length) break;
        n++;
      }
      sites.forEach((v, k) => {
        const s = add(newSchool('kindergarten', county, t, v, seq++));
        zoneKgs.push(s);
        const c: Catchment = { code: '', stage: 'kindergarten', schools: [s], villages: t.villages.filter((x) => owner.get(x) === k) };
        kgZone.set(s, c);
        catchments.push(c);
      });
    }
    // private kindergartens (no zone) in the seat townships and the largest towns
    const design = KG_DESIGN[code] ?? { privatePlaces: 0.03, publicEnrol: 0.86 };
    const zoneDemand = 0.9 * kids(cvs, STAGE_AGES.kindergarten);
    const approxZoneSeats = zoneDemand / 0.86;
    const privateKgs: School[] = [];
    const hostTs = [
      ...seatTs,
      ...county.townships
        .filter((t) => !t.isSeat && t.kind === 'zhen')
        .sort((a, b) => b.urbanPop - a.urbanPop || a.idx - b.idx)
        .slice(0, 2),
    ];
    let privSeats = 0;
    for (let k = 0; privSeats / (privSeats + approxZoneSeats) < design.privatePlaces && k < 60; k++) {
      const t = hostTs[k % hostTs.length];
      const pool = t.villages.filter((v) => v.urban);
      const v = (pool.length > 0 ? pool : t.villages)[rng.int(0, (pool.length > 0 ? pool : t.villages).length - 1)];
      const s = add(newSchool('kindergarten', county, t, v, seq++));
      s.ownership = 'private';
      const e = Math.round(rng.range(70, 200));
      s.enrol.set(-2, 0);
      s.enrol.set(-1, 0);
      s.enrol.set(0, e);
      privSeats += e / 0.72;
      privateKgs.push(s);
    }
    // kindergarten enrolment: zone demand net of the private kindergartens' children in the township
    const privByT = new Map<Township, number>();
    for (const s of privateKgs) privByT.set(s.township, (privByT.get(s.township) ?? 0) + (s.enrol.get(0) as number));
    const ageW = STAGE_AGES.kindergarten.map((a) => kids(cvs, [a]));
    for (const s of privateKgs) {
      const e = s.enrol.get(0) as number;
      const split = roundToTotal(
        ageW.map((w) => (e * w) / ageW.reduce((x, y) => x + y, 0)),
        e,
      );
      [-2, -1, 0].forEach((g, k) => s.enrol.set(g, split[k]));
    }
    for (const s of zoneKgs) {
      const t = s.township;
      const DT = 0.9 * kids(t.villages, STAGE_AGES.kindergarten);
      const pi = DT > 0 ? Math.min(0.6, (privByT.get(t) ?? 0) / DT) : 0;
      const part = 0.9 * (1 - pi) * rng.range(0.96, 1.02);
      const zone = kgZone.get(s) as Catchment;
      [-2, -1, 0].forEach((g) => s.enrol.set(g, Math.round(part * kids(zone.villages, [gradeAge(g)]))));
    }

    // ---- senior, complete, special ----
    const seniors: School[] = [];
    const nSenior = SENIOR[code] ?? 3;
    const seatUrban = seatVs.filter((v) => v.urban);
    const bigTown = county.townships
      .filter((t) => !t.isSeat && t.kind === 'zhen')
      .sort((a, b) => b.urbanPop - a.urbanPop || a.idx - b.idx)[0];
    const nSeatSenior = nSenior - (bigTown ? 1 : 0);
    const siteList = spreadVillages(world, seatUrban.length > 0 ? seatUrban : seatVs, nSeatSenior);
    if (bigTown) siteList.push(villageAt(world, bigTown.coreCell));
    for (const v of siteList) seniors.push(add(newSchool('senior', county, v.township, v, seq++)));
    if (code === '330802' || code === '330881') seniors[seniors.length - 1].ownership = 'private';
    const seniorAll = [...seniors, ...completeSchools];
    const S = 0.58 * kids(cvs, STAGE_AGES.senior);
    const sw = seniorAll.map((s, k) =>
      s.kind === 'complete' ? 0.55 : k === 0 ? 1.6 : s.ownership === 'private' ? 0.5 : rng.range(0.7, 1.2),
    );
    const swSum = sw.reduce((a, b) => a + b, 0);
    const ages15 = STAGE_AGES.senior.map((a) => kids(cvs, [a]));
    const a15Sum = ages15.reduce((a, b) => a + b, 0);
    seniorAll.forEach((s, k) => {
      const e = (S * sw[k]) / swSum;
      [10, 11, 12].forEach((g, gi) => s.enrol.set(g, Math.round((e * ages15[gi]) / a15Sum)));
    });
    const special = add(newSchool('special', county, seatTs[0], seatCentre, seq++));
    const nSpecial = Math.round((county.residents2024 / 100000) * rng.range(22, 30));
    const spSplit = roundToTotal(
      range(1, 9).map(() => rng.range(0.7, 1.3)),
      nSpecial,
    );
    range(1, 9).forEach((g, k) => special.enrol.set(g, spSplit[k]));

    // ---- primary and junior enrolment from the catchments ----
    for (const [s, c] of primaryCatch) {
      if (s.county !== county) continue;
      const part = rng.range(0.97, 1.0);
      range(1, 6).forEach((g) => s.enrol.set(g, Math.round(part * kids(c.villages, [gradeAge(g)]))));
    }
    for (const [s, c] of juniorCatch) {
      const part = rng.range(0.95, 0.99);
      range(7, 9).forEach((g) => s.enrol.set(g, Math.round(part * kids(c.villages, [gradeAge(g)]))));
    }
    // GTXC flags
    for (const c of [...primaryCatch.values(), ...juniorCatch.values(), ...kgZone.values()]) {
      if (c.schools[0].county === county && c.villages.some((v) => gtxcVillages.has(v))) c.schools.forEach((s) => (s.gtxc = true));
    }

    // ---- classes, seats, staff, indicators ----
    const countySchools = schools.filter((s) => s.county === county);
    for (const s of countySchools) planSchool(s, rng);
    // several urban Kecheng schools already over capacity (not the 高铁新城 ones)
    if (code === '330802') {
      const candidates = countySchools
        .filter((s) => s.setting === 'urban' && !s.gtxc && (s.kind === 'primary' || s.kind === 'junior' || s.kind === 'nine_year'))
        .sort((a, b) => total(b) - total(a) || a.seq - b.seq)
        .slice(0, 5);
      for (const s of candidates) makeOverCapacity(s, rng);
    }
    // kindergarten ownership: inclusive private among the zone kindergartens until the public share target
    const kgs = countySchools.filter((s) => s.kind === 'kindergarten');
    const kgTotal = kgs.reduce((a, s) => a + total(s), 0);
    const flippable = rng.shuffle(zoneKgs.filter((s) => s.setting !== 'rural'));
    let publicEnrol = kgs.filter((s) => s.ownership === 'public').reduce((a, s) => a + total(s), 0);
    for (const s of flippable) {
      if (publicEnrol / kgTotal <= design.publicEnrol) break;
      s.ownership = 'inclusive_private';
      publicEnrol -= total(s);
    }
  }
  for (const s of schools) {
    const cellsNear = [...s.village.cells].sort(
      (a, b) => world.grid.distKm(a, s.village.center) - world.grid.distKm(b, s.village.center) || a - b,
    );
    const used = schools.filter((o) => o !== s && o.village === s.village && o.cell >= 0).map((o) => o.cell);
    const free = cellsNear.find((c) => !used.includes(c));
    s.cell = free ?? cellsNear[0];
    const r = stream(`site/${s.seq}`);
    [s.lon, s.lat] = world.grid.center(s.cell, r.range(-0.08, 0.08), r.range(-0.08, 0.08));
  }
  assignCodes(schools);
  for (const county of world.counties)
    nameSchools(
      county,
      schools.filter((s) => s.county === county),
      stream(`names/${county.fact.code}`),
    );
  for (const c of catchments) c.code = `${c.schools.map((s) => s.code).join('+')}-${c.stage}`;
  catchments.sort((a, b) => a.code.localeCompare(b.code));
  return { schools, catchments };
}

export function total(s: School): number {
  let t = 0;
  for (const v of s.enrol.values()) t += v;
  return t;
}

export function totalClasses(s: School): number {
  let t = 0;
  for (const v of s.classes.values()) t += v;
  return t;
}

function normOf(s: School, g: number): number {
  if (s.kind === 'special') return 12;
  if (g <= 0) return [25, 30, 35][g + 2];
  if (g <= 6) return s.villageSchool ? 30 : 45;
  return 50;
}

/** Classes per grade, seats, building limit, boarding, teachers and indicators of one school. */
function planSchool(s: School, rng: Rng): void {
  const grades = [...s.enrol.keys()].sort((a, b) => a - b);
  const fill = s.setting === 'urban' ? rng.range(0.88, 0.97) : s.setting === 'town' ? rng.range(0.8, 0.92) : rng.range(0.7, 0.9);
  for (const g of grades) {
    const e = s.enrol.get(g) as number;
    let c = 0;
    if (e > 0)
      c =
        s.villageSchool || s.kind === 'special'
          ? Math.max(1, Math.ceil(e / normOf(s, g)))
          : Math.max(1, Math.ceil(e / (fill * normOf(s, g))));
    s.classes.set(g, c);
  }
  // design per stage block (kindergarten, primary, junior, senior): the widest grade of a block sets its streams
  const block = (g: number) => (g <= 0 ? 0 : g <= 6 ? 1 : g <= 9 ? 2 : 3);
  const widest = new Map<number, number>();
  for (const g of grades) widest.set(block(g), Math.max(widest.get(block(g)) ?? 0, s.classes.get(g) as number));
  const extraStream = s.setting === 'rural' && rng.chance(0.5) ? 1 : 0;
  const streamsOf = (g: number) => Math.max(1, (widest.get(block(g)) as number) + extraStream);
  const designed = Math.max(
    grades.reduce((a, g) => a + streamsOf(g), 0),
    totalClasses(s),
  );
  s.classSizeNorm =
    s.kind === 'kindergarten'
      ? 30
      : s.kind === 'special'
        ? 12
        : s.kind === 'junior' || s.kind === 'senior' || s.kind === 'complete'
          ? 50
          : s.villageSchool
            ? 30
            : 45;
  if (s.kind === 'kindergarten') {
    const kgDesigned = Math.min(12, designed);
    s.approvedSeats = Math.max(Math.min(360, kgDesigned * 30), total(s));
    s.maxClasses = Math.max(totalClasses(s), kgDesigned);
  } else {
    s.approvedSeats = grades.reduce((a, g) => a + streamsOf(g) * normOf(s, g), 0);
    s.maxClasses = designed + (s.setting === 'urban' ? rng.int(0, 2) : rng.int(0, 4));
  }
  // boarding places
  const sum = (gs: number[]) => gs.reduce((a, g) => a + (s.enrol.get(g) ?? 0), 0);
  const ten = (x: number) => 10 * Math.round(x / 10);
  if (s.kind === 'senior' || s.kind === 'complete')
    s.boardingPlaces = ten(
      sum([10, 11, 12]) * rng.range(0.5, 0.85) + (s.kind === 'complete' && s.setting !== 'urban' ? sum([7, 8, 9]) * 0.4 : 0),
    );
  else if (s.kind === 'special') s.boardingPlaces = ten(total(s) * 0.5);
  else if (s.setting !== 'urban' && (s.kind === 'junior' || s.kind === 'nine_year')) {
    s.boardingPlaces = ten(sum([7, 8, 9]) * rng.range(0.35, 0.7) + (s.county.mountain ? sum([4, 5, 6]) * rng.range(0, 0.2) : 0));
  } else if (s.kind === 'primary' && !s.villageSchool && s.setting !== 'urban' && s.county.mountain && rng.chance(0.5)) {
    s.boardingPlaces = ten(sum([4, 5, 6]) * rng.range(0.1, 0.25));
  }
  // teachers
  const p = sum(range(1, 6));
  const j = sum(range(7, 9));
  const sr = sum(range(10, 12));
  const k = sum([-2, -1, 0]);
  let teachers = p / rng.range(15, 18) + j / rng.range(11, 13) + sr / rng.range(10.5, 12.5) + totalClasses(s) * (k > 0 ? 2.2 : 0);
  if (s.kind === 'special') teachers = total(s) / 3;
  teachers = Math.max(Math.ceil(teachers), s.kind === 'kindergarten' ? 2 : Math.ceil(totalClasses(s) * 1.2));
  s.teachers = teachers;
  // indicators for primary/junior/senior schools (kindergartens and special schools: not given)
  if (s.kind !== 'kindergarten' && s.kind !== 'special') {
    const pupils = Math.max(1, total(s));
    const wp = p / pupils;
    const m = (key: keyof (typeof MINIMUMS)['primary']) => wp * MINIMUMS.primary[key] + (1 - wp) * MINIMUMS.junior[key];
    const q = Math.max(0.7, Math.min(1.6, rng.normal(1.15, 0.18)));
    const qualified = Math.min(teachers, Math.round(teachers * rng.range(0.72, 0.98)));
    const space = s.setting === 'urban' ? rng.range(0.75, 1.05) : rng.range(0.95, 1.3);
    s.indicators = {
      qualifiedTeachers: qualified,
      backboneTeachers: Math.min(qualified, Math.round(teachers * rng.range(0.12, 0.3))),
      peArtsTeachers: Math.max(1, Math.round(teachers * rng.range(0.12, 0.22))),
      teachingAreaM2: Math.round(s.approvedSeats * m('area') * space * rng.range(1.0, 1.3)),
      sportsAreaM2: Math.round(s.approvedSeats * m('sports') * space * rng.range(0.9, 1.3)),
      equipmentValueCny: 100 * Math.round((pupils * m('equipment') * q * rng.range(0.85, 1.2)) / 100),
      multimediaClassrooms: totalClasses(s) + rng.int(s.setting === 'urban' ? 0 : 1, 6),
    };
  }
  s.openYear =
    s.kind === 'kindergarten'
      ? s.ownership === 'private'
        ? rng.int(2004, 2020)
        : rng.int(1978, 2019)
      : s.villageSchool
        ? rng.int(1952, 1985)
        : rng.int(1950, 2012);
}

/** Over capacity: enrolment above approved seats, 大班额 classes (56+), no room to add classes. */
function makeOverCapacity(s: School, rng: Rng): void {
  s.overCapacity = true;
  for (const [g, e] of s.enrol) {
    if (e <= 0) continue;
    let c = Math.max(1, Math.floor(e / 57));
    while (e / c > 64) c++;
    s.classes.set(g, c);
  }
  s.maxClasses = totalClasses(s);
  s.approvedSeats = Math.floor((total(s) * rng.range(0.82, 0.92)) / s.classSizeNorm) * s.classSizeNorm;
  if (s.indicators) {
    s.indicators.teachingAreaM2 = Math.round(s.indicators.teachingAreaM2 * 0.85);
    s.indicators.sportsAreaM2 = Math.round(s.indicators.sportsAreaM2 * 0.8);
    s.indicators.multimediaClassrooms = totalClasses(s) + rng.int(0, 2);
  }
}

function nameSchools(county: County, list: School[], rng: Rng): void {
  const cn = county.fact.name;
  const taken = new Set<string>();
  const brands = new Set<string>();
  const claim = (n: string) => {
    let name = n;
    for (let k = 2; taken.has(name); k++) name = n.replace(/(小学|学校|初级中学|中学|幼儿园)$/, `${ordinal(k)}$1`);
    taken.add(name);
    return name;
  };
  const vshort = (v: Village) => v.name.replace(/(村|社区)$/, '');
  const byT = new Map<Township, School[]>();
  for (const s of list) byT.set(s.township, [...(byT.get(s.township) ?? []), s]);
  let nineUrban = 0;
  let juniorNo = 0;
  let seniorNo = 0;
  // numbered 中学 names: the largest seat senior school is 第一中学, then the others, then the 完全中学
  const seniorSize = (s: School) => [10, 11, 12].reduce((a, g) => a + (s.enrol.get(g) ?? 0), 0);
  const seniorsFirst = [
    ...list
      .filter((s) => s.kind === 'senior' && s.ownership !== 'private' && s.township.isSeat)
      .sort((a, b) => seniorSize(b) - seniorSize(a) || a.code.localeCompare(b.code)),
    ...list.filter((s) => s.kind === 'complete'),
  ];
  for (const s of seniorsFirst) s.name = claim(`${cn}${ordinal(++seniorNo)}中学`);
  for (const s of list) {
    const t = s.township;
    const ts = townshipShort(t.name);
    const siblings = (byT.get(t) ?? []).filter((o) => o.kind === s.kind && o !== s && o.seq < s.seq);
    switch (s.kind) {
      case 'kindergarten':
        if (s.ownership === 'private')
          s.name = claim(`${cn}${kindergartenBrand(rng, brands)}${rng.pick(['双语', '艺术', '实验', ''])}幼儿园`);
        else if (s.ownership === 'inclusive_private') s.name = claim(`${cn}${kindergartenBrand(rng, brands)}幼儿园`);
        else if (t.isSeat) s.name = claim(`${cn}${siblings.length === 0 ? ts : vshort(s.village)}幼儿园`);
        else
          s.name = claim(
            siblings.filter((o) => o.ownership === 'public').length === 0
              ? `${cn}${t.name}中心幼儿园`
              : `${cn}${t.name}${vshort(s.village)}幼儿园`,
          );
        break;
      case 'primary':
        if (s.villageSchool) s.name = claim(`${cn}${t.name}${vshort(s.village)}小学`);
        else if (t.isSeat) s.name = claim(`${cn}${siblings.length === 0 ? ts : vshort(s.village)}小学`);
        else s.name = claim(siblings.filter((o) => !o.villageSchool).length === 0 ? `${cn}${t.name}中心小学` : `${cn}${t.name}第二小学`);
        break;
      case 'nine_year':
        s.name = claim(s.setting === 'urban' ? (nineUrban++ === 0 ? `${cn}实验学校` : `${cn}${ts}学校`) : `${cn}${t.name}中心学校`);
        break;
      case 'junior':
        s.name = claim(t.isSeat ? `${cn}${ordinal(++juniorNo)}初级中学` : `${cn}${t.name}初级中学`);
        break;
      case 'senior':
        if (s.ownership === 'private') s.name = claim(`${cn}${rng.pick(['育英', '崇文', '明德', '博雅', '求是', '启明'])}高级中学`);
        else if (!t.isSeat) s.name = claim(`${cn}${ts}高级中学`);
        break;
      case 'special':
        s.name = claim(`${cn}特殊教育学校`);
        break;
      default:
        break;
    }
  }
}

const KIND_LETTER: Record<SchoolKind, string> = {
  kindergarten: 'K',
  primary: 'P',
  junior: 'J',
  nine_year: 'N',
  senior: 'S',
  complete: 'C',
  special: 'T',
};

/** School codes `<county><letter><NNN>` (K kindergarten, P primary, J junior, N nine-year, S senior, C 完全中学, T special). */
function assignCodes(schools: School[]): void {
  const kinds: SchoolKind[] = ['kindergarten', 'primary', 'junior', 'nine_year', 'complete', 'senior', 'special'];
  const sorted = [...schools].sort(
    (a, b) =>
      a.county.fact.code.localeCompare(b.county.fact.code) ||
      kinds.indexOf(a.kind) - kinds.indexOf(b.kind) ||
      a.township.code.localeCompare(b.township.code) ||
      a.village.code.localeCompare(b.village.code) ||
      a.seq - b.seq,
  );
  const counters = new Map<string, number>();
  for (const s of sorted) {
    const key = `${s.county.fact.code}${KIND_LETTER[s.kind]}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    s.code = `${key}${String(n).padStart(3, '0')}`;
  }
  schools.sort((a, b) => a.code.localeCompare(b.code));
}
