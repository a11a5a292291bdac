/** The totals table the generator prints and the README shows. */
import * as turf from '@turf/turf';
import type { DatasetRecords } from '@app/domain';
import type { Facts } from './facts';
import type { DistrictCheck } from './gtxc';
import { CHECK_YEARS } from './gtxc';
import type { UnitExtras } from './write';

export interface Totals {
  counties: {
    code: string;
    name: string;
    census: number;
    residents: number;
    registered: number;
    diffPct: number;
    areaKm2: number;
    realAreaKm2: number;
    areaDiffPct: number;
    townships: number;
    villages: number;
    communities: number;
    inclusivePct: number;
    publicPct: number;
  }[];
  schoolsByKind: Record<string, number>;
  kgByOwnership: Record<string, number>;
  compulsory: number;
  under200: number;
  under200Rural: number;
  under100: number;
  under100Rural: number;
  housingProjects: number;
  housingHouseholds: number;
  districtProjects: number;
  districtHouseholds: number;
}

export function schoolKind(stages: string[]): string {
  const s = [...stages].sort().join(';');
  if (s === 'junior;primary') return 'nine-year';
  if (s === 'junior;senior') return 'complete';
  if (stages.length > 1) return 'other';
  return stages[0];
}

export function computeTotals(
  r: DatasetRecords,
  extras: Map<string, UnitExtras>,
  facts: Facts,
  ruralSchools: Set<string>,
  districtCode: string,
): Totals {
  const byCounty = new Map<string, { res: number; reg: number }>();
  for (const u of r.units) {
    const x = extras.get(u.code);
    const t = byCounty.get(u.countyCode) ?? { res: 0, reg: 0 };
    t.res += x?.residentsTotal ?? 0;
    t.reg += x?.registeredTotal ?? 0;
    byCounty.set(u.countyCode, t);
  }
  const counties = facts.counties.map((f) => {
    const a = r.areas.find((x) => x.code === f.code);
    const areaKm2 = a ? turf.area(a.geometry) / 1e6 : 0;
    const t = byCounty.get(f.code) ?? { res: 0, reg: 0 };
    const townships = r.areas.filter((x) => x.level === 'township' && x.parentCode === f.code);
    const tcodes = new Set(townships.map((x) => x.code));
    const vs = r.areas.filter((x) => x.level === 'village' && tcodes.has(x.parentCode ?? ''));
    const kgs = r.schools.filter((s) => s.countyCode === f.code && s.stages.includes('kindergarten'));
    const seats = kgs.reduce((a2, s) => a2 + s.approvedSeats, 0);
    const inclusiveSeats = kgs.filter((s) => s.ownership !== 'private').reduce((a2, s) => a2 + s.approvedSeats, 0);
    const enrol = kgs.reduce((a2, s) => a2 + s.enrolment, 0);
    const pubEnrol = kgs.filter((s) => s.ownership === 'public').reduce((a2, s) => a2 + s.enrolment, 0);
    return {
      code: f.code,
      name: f.nameEn,
      census: f.population2020,
      residents: t.res,
      registered: t.reg,
      diffPct: (100 * (t.res - f.population2020)) / f.population2020,
      areaKm2,
      realAreaKm2: f.areaKm2,
      areaDiffPct: (100 * (areaKm2 - f.areaKm2)) / f.areaKm2,
      townships: townships.length,
      villages: vs.filter((v) => v.settlement === 'rural').length,
      communities: vs.filter((v) => v.settlement === 'urban').length,
      inclusivePct: seats > 0 ? (100 * inclusiveSeats) / seats : 0,
      publicPct: enrol > 0 ? (100 * pubEnrol) / enrol : 0,
    };
  });
  const schoolsByKind: Record<string, number> = {};
  const kgByOwnership: Record<string, number> = {};
  for (const s of r.schools) {
    const k = schoolKind(s.stages);
    schoolsByKind[k] = (schoolsByKind[k] ?? 0) + 1;
    if (k === 'kindergarten') kgByOwnership[s.ownership] = (kgByOwnership[s.ownership] ?? 0) + 1;
  }
  const compulsory = r.schools.filter((s) => ['primary', 'junior', 'nine-year'].includes(schoolKind(s.stages)));
  const u200 = compulsory.filter((s) => s.enrolment < 200);
  const u100 = compulsory.filter((s) => s.enrolment < 100);
  const hh = (h: DatasetRecords['housing'][number]) =>
    Object.entries(h.phasing).reduce((a, [y, n]) => a + (Number(y) >= 2025 && Number(y) <= 2031 ? n : 0), 0);
  const dist = r.housing.filter((h) => h.districtCode === districtCode);
  return {
    counties,
    schoolsByKind,
    kgByOwnership,
    compulsory: compulsory.length,
    under200: u200.length,
    under200Rural: u200.filter((s) => ruralSchools.has(s.code)).length,
    under100: u100.length,
    under100Rural: u100.filter((s) => ruralSchools.has(s.code)).length,
    housingProjects: r.housing.length,
    housingHouseholds: r.housing.reduce((a, h) => a + hh(h), 0),
    districtProjects: dist.length,
    districtHouseholds: dist.reduce((a, h) => a + hh(h), 0),
  };
}

/** Integer with thousands separators (not locale-dependent, so the table is byte-stable). */
const n0 = (v: number) => String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const pct = (v: number, d = 2) => `${v >= 0 ? '+' : ''}${v.toFixed(d)}%`;
const pad = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
const padR = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));

export function formatTotals(t: Totals, checks: DistrictCheck[]): string {
  const L: string[] = [];
  L.push('Residents (all ages, base year 2024) and areas per county');
  L.push(
    `${padR('county', 25)}${pad('census 2020', 12)}${pad('residents', 11)}${pad('diff', 8)}${pad('registered', 12)}` +
      `${pad('area km2', 10)}${pad('real', 8)}${pad('diff', 8)}${pad('townships', 10)}${pad('villages', 9)}` +
      `${pad('communities', 12)}`,
  );
  for (const c of t.counties) {
    L.push(
      `${padR(`${c.code} ${c.name}`, 25)}${pad(n0(c.census), 12)}${pad(n0(c.residents), 11)}${pad(pct(c.diffPct), 8)}` +
        `${pad(n0(c.registered), 12)}${pad(c.areaKm2.toFixed(1), 10)}${pad(c.realAreaKm2.toFixed(1), 8)}` +
        `${pad(pct(c.areaDiffPct), 8)}${pad(String(c.townships), 10)}${pad(String(c.villages), 9)}` +
        `${pad(String(c.communities), 12)}`,
    );
  }
  const sum = (f: (c: Totals['counties'][number]) => number) => t.counties.reduce((a, c) => a + f(c), 0);
  const census = sum((c) => c.census);
  const res = sum((c) => c.residents);
  const area = sum((c) => c.areaKm2);
  const real = sum((c) => c.realAreaKm2);
  L.push(
    `${padR('330800 Quzhou (city)', 25)}${pad(n0(census), 12)}${pad(n0(res), 11)}` +
      `${pad(pct((100 * (res - census)) / census), 8)}${pad(n0(sum((c) => c.registered)), 12)}` +
      `${pad(area.toFixed(1), 10)}${pad(real.toFixed(1), 8)}${pad(pct((100 * (area - real)) / real), 8)}` +
      `${pad(String(sum((c) => c.townships)), 10)}${pad(String(sum((c) => c.villages)), 9)}` +
      `${pad(String(sum((c) => c.communities)), 12)}`,
  );
  L.push(`villages + communities: ${sum((c) => c.villages + c.communities)}`);
  L.push('');
  const k = t.schoolsByKind;
  const ko = t.kgByOwnership;
  const all = Object.values(k).reduce((a, b) => a + b, 0);
  L.push('Schools per stage');
  L.push(
    `  kindergarten ${k.kindergarten ?? 0} (public ${ko.public ?? 0}, inclusive private ` +
      `${ko.inclusive_private ?? 0}, private ${ko.private ?? 0})`,
  );
  L.push(`  primary ${k.primary ?? 0}, junior ${k.junior ?? 0}, nine-year (primary;junior) ${k['nine-year'] ?? 0}`);
  L.push(`  senior ${k.senior ?? 0}, complete secondary (junior;senior) ${k.complete ?? 0}, special ${k.special ?? 0}; total ${all}`);
  L.push(
    `  primary/junior/nine-year schools ${t.compulsory}: under 200 pupils ${t.under200} (rural ${t.under200Rural}), ` +
      `under 100 pupils ${t.under100} (rural ${t.under100Rural})`,
  );
  L.push('');
  L.push(
    `Housing pipeline 2025-2031: ${t.housingProjects} projects, ${n0(t.housingHouseholds)} households; in GTXC ` +
      `(高铁新城): ${t.districtProjects} projects, ${n0(t.districtHouseholds)} households`,
  );
  L.push('');
  L.push('Kindergartens per county (targets: inclusive >= 95% of places, public >= 85% of enrolment)');
  L.push(`${padR('county', 25)}${pad('inclusive', 10)}${pad('', 8)}${pad('public', 9)}${pad('', 8)}`);
  for (const c of t.counties) {
    L.push(
      `${padR(`${c.code} ${c.name}`, 25)}${pad(`${c.inclusivePct.toFixed(1)}%`, 10)}` +
        `${pad(c.inclusivePct >= 95 ? 'met' : 'missed', 8)}${pad(`${c.publicPct.toFixed(1)}%`, 9)}` +
        `${pad(c.publicPct >= 85 ? 'met' : 'missed', 8)}`,
    );
  }
  if (checks.length > 0) {
    L.push('');
    L.push('GTXC check: resident children in the catchments covering the district, aged forward, births flat, plus housing yields');
    L.push(
      `${padR('stage', 14)}${pad('schools', 8)}${pad('seats', 7)}` +
        `${CHECK_YEARS.map((y) => pad(String(y), 7)).join('')}${pad('onset', 7)}`,
    );
    for (const c of checks) {
      L.push(
        `${padR(c.stage, 14)}${pad(String(c.schools.length), 8)}${pad(String(c.seats), 7)}` +
          `${c.demand.map((d) => pad(String(d), 7)).join('')}${pad(c.onset ? String(c.onset) : '-', 7)}`,
      );
    }
  }
  return L.map((l) => l.trimEnd()).join('\n');
}
