import { closureIndex, type Decisions } from './plan';
import { fmt, type SlackKind, type Structure } from './formulation';
import type { Instance } from './instance';
import type { ConsolidationPlan, InfeasibilityFinding, TownshipFindings } from './types';

/**
 * Why each small school that stays open in the smallest reachable plan could not close, most specific reason first:
 * must-keep; the only school in reach of some unit band; the township rule (the only open primary school of its
 * township); kept open because it is large today (or planned, or teaches other stages); otherwise the capacity,
 * boarding or travel limits at the schools in reach of its pupils. The message adds how many pupils it could reach.
 */
export function smallSchoolFindings(inst: Instance, st: Structure, dec: Decisions, plan: ConsolidationPlan): InfeasibilityFinding[] {
  const { schools, demands, units, options: opt } = inst;
  const T = opt.smallSchoolThreshold;
  const findings: InfeasibilityFinding[] = [];
  for (const sp of plan.schools) {
    if (!sp.smallAfter) continue;
    const s = schools.find((x) => x.code === sp.code)!;
    const base = { townshipCode: s.townshipCode, schoolCode: s.code, pupils: sp.enrolmentAfter };
    const reachNote =
      st.smallKind[s.index] === 'always'
        ? `; even with every pupil in reach it would have at most ${fmt(st.maxEnrolment[s.index])} (< ${T})`
        : '';
    const name = `${s.code} (${s.record.name}, ${fmt(sp.enrolmentAfter)} pupils)`;
    if (s.fixed === 'must_keep') {
      findings.push({ ...base, limit: 'must_keep', message: `${name} is on the must-keep list${reachNote}` });
      continue;
    }
    const captive = st.captive[s.index];
    if (captive.length > 0) {
      const unitCodes = [...new Set(captive.map((d) => units[demands[d].unit].code))].sort();
      const pupils = captive.reduce((n, d) => n + demands[d].pupils, 0);
      findings.push({
        ...base,
        limit: 'sole_school_in_reach',
        unitCodes,
        message:
          `${name} is the only school within the travel limits and the county for ${fmt(pupils)} pupils of ` +
          `${unitCodes.join(', ')}${reachNote}`,
      });
      continue;
    }
    if (s.townshipCode !== null && s.stages.includes('primary')) {
      const list = st.townshipPrimaries.get(s.townshipCode);
      if (list && list.filter((i) => dec.open[i][inst.years.length - 1]).length === 1) {
        const others = list.filter((i) => i !== s.index).map((i) => schools[i].code);
        findings.push({
          ...base,
          limit: 'township_rule',
          message: `${name} is the only primary school left open in township ${s.townshipCode}, which must keep one${
            others.length ? ` (its other primary schools ${others.join(', ')} close)` : ''
          }${reachNote}`,
        });
        continue;
      }
    }
    const county = s.countyCode ?? '';
    const early = inst.years.slice(0, inst.target + 1);
    const countyClosures = early.map(
      (_, t) => schools.filter((x) => (x.countyCode ?? '') === county && closureIndex(dec, x.index) === t).length,
    );
    if (s.fixed === null && countyClosures.every((c) => c >= opt.maxClosuresPerCountyPerYear)) {
      findings.push({
        ...base,
        limit: 'closures_per_year',
        message:
          `${name}: county ${county} already closes ${opt.maxClosuresPerCountyPerYear} schools in every year ` +
          `${early[0]}-${inst.targetYear} (at most ${opt.maxClosuresPerCountyPerYear} per county and year)${reachNote}`,
      });
      continue;
    }
    if (s.fixed !== null) {
      findings.push({
        ...base,
        limit: 'fixed_open',
        message:
          `${name} is not a closure candidate (` +
          `${s.fixed === 'large' ? `${s.record.enrolment} pupils today, >= ${opt.closableBelow}` : s.fixed}) but falls ` +
          `under ${T} by ${inst.targetYear}${reachNote}`,
      });
      continue;
    }
    findings.push({
      ...base,
      limit: 'capacity_or_travel_elsewhere',
      message:
        `${name}: its pupils have no other open school of the county in reach with enough seats or boarding places ` +
        `(added classes only from ${inst.baseYear + 2}), or closing it would leave another school small${reachNote}`,
    });
  }
  return findings;
}

/** Findings from the elastic solve: seats, boarding places or township rules that fall short. */
export function shortfallFindings(
  inst: Instance,
  slacks: ReadonlyArray<{
    kind: SlackKind;
    school?: number;
    stage?: string;
    township?: string;
    county?: string;
    year?: number;
    value: number;
  }>,
): InfeasibilityFinding[] {
  const findings: InfeasibilityFinding[] = [];
  for (const sl of slacks) {
    if (sl.value <= 1e-6) continue;
    if (sl.kind === 'closures') {
      findings.push({
        limit: 'closures_per_year',
        townshipCode: null,
        message:
          `county ${sl.county} would need ${fmt(sl.value)} more closures in ${sl.year} than the ` +
          `${inst.options.maxClosuresPerCountyPerYear} allowed per year`,
      });
      continue;
    }
    if (sl.kind === 'township') {
      findings.push({
        limit: 'township_rule',
        townshipCode: sl.township ?? null,
        message: `township ${sl.township} cannot keep a primary school open under the other limits`,
      });
      continue;
    }
    const s = inst.schools[sl.school!];
    if (sl.kind === 'size') {
      findings.push({
        limit: 'not_made_small',
        townshipCode: s.townshipCode,
        schoolCode: s.code,
        pupils: sl.value,
        message: `re-zoning would take ${s.code} (${s.record.name}) ${fmt(sl.value)} pupils under ${inst.options.smallSchoolThreshold}`,
      });
      continue;
    }
    findings.push({
      limit: 'capacity_short',
      townshipCode: s.townshipCode,
      schoolCode: s.code,
      pupils: sl.value,
      message:
        sl.kind === 'seats'
          ? `${s.code} (${s.record.name}) would need ${fmt(sl.value)} more ${sl.stage} seats in ${sl.year} than its free ` +
            `seats${s.room ? ` plus ${s.room} added classes` : ''} hold`
          : `${s.code} (${s.record.name}) would need ${fmt(sl.value)} more boarding places in ${sl.year} than its ${s.boardingPlaces}`,
    });
  }
  return findings;
}

/** Groups findings by township (townships in code order, no-township last) with the small schools left open. */
export function byTownship(findings: readonly InfeasibilityFinding[], plan: ConsolidationPlan | null): TownshipFindings[] {
  const groups = new Map<string | null, TownshipFindings>();
  const group = (t: string | null): TownshipFindings => {
    let g = groups.get(t);
    if (!g) {
      g = { townshipCode: t, smallSchools: [], findings: [] };
      groups.set(t, g);
    }
    return g;
  };
  for (const f of findings) group(f.townshipCode).findings.push(f);
  for (const s of plan?.schools ?? []) if (s.smallAfter) group(s.townshipCode).smallSchools.push(s.code);
  return [...groups.values()].sort((a, b) =>
    a.townshipCode === b.townshipCode
      ? 0
      : a.townshipCode === null
        ? 1
        : b.townshipCode === null
          ? -1
          : a.townshipCode.localeCompare(b.townshipCode),
  );
}
