import type { AlertCandidate } from './rules/alert';

/** The fields of an alert that make up its identity. */
export type AlertIdentity = Pick<AlertCandidate, 'rule' | 'subjectType' | 'subjectCode' | 'stage' | 'population' | 'onsetYear'>;

/** The fields compared to decide whether an open alert needs an update. */
export type AlertState = AlertIdentity & Pick<AlertCandidate, 'level' | 'seatGap' | 'value' | 'classesShort'>;

/**
 * Identity key of an alert: rule + subjectType + subjectCode + stage + population + onsetYear.
 *
 * Why these: the rule and subject say what is wrong where; stage and population separate the primary from the junior
 * alert and the registered from the resident count of the same catchment, which planners act on separately; the
 * onset year separates a shortage starting in 2027 from a later, distinct one. Level, gap and value are *not* part of
 * it, so a worsening gap updates the alert (keeping its acknowledgement and history) instead of raising a new one.
 * A level change that moves the onset (the most severe level is reached in another year) is a new fact and does
 * give a new key.
 *
 * @example
 * alertKey({ rule: 'intake', subjectType: 'catchment', subjectCode: 'P1', stage: 'primary', population: 'resident', onsetYear: 2028 });
 * // 'intake|catchment|P1|primary|resident|2028'
 */
export function alertKey(a: AlertIdentity): string {
  return [a.rule, a.subjectType, a.subjectCode, a.stage, a.population, a.onsetYear].join('|');
}

/** What changed between an open alert and the candidate with the same key. */
export type AlertChange = 'level' | 'seatGap' | 'value' | 'classesShort';

/** The result of {@link diffAlerts}: what to do with each alert, for one transaction. */
export interface AlertDiff<E extends AlertState, C extends AlertState = AlertCandidate> {
  /** Candidates with no open alert: insert. */
  raise: C[];
  /** Open alerts whose candidate changed level, gap, value or classes: update from `candidate`. */
  update: { existing: E; candidate: C; changes: AlertChange[] }[];
  /** Open alerts no candidate matches any more (or duplicates of an earlier open alert): resolve. */
  resolve: E[];
  /** Open alerts whose candidate is the same: leave alone. */
  unchanged: { existing: E; candidate: C }[];
}

/** Numbers closer than this are equal: candidates are rounded (4 decimals, 0.1 seat), storage may add float noise. */
const EPS = 1e-6;

function changesBetween(e: AlertState, c: AlertState): AlertChange[] {
  const out: AlertChange[] = [];
  if (e.level !== c.level) out.push('level');
  if (Math.abs(e.seatGap - c.seatGap) > EPS) out.push('seatGap');
  if (e.value === null || c.value === null ? e.value !== c.value : Math.abs(e.value - c.value) > EPS) out.push('value');
  if (e.classesShort !== c.classesShort) out.push('classesShort');
  return out;
}

/**
 * Lifecycle diff between the open (or acknowledged) alerts and a fresh evaluation's candidates, by {@link alertKey}.
 * Pure: the database layer applies it in one transaction, so re-running an evaluation never duplicates an alert.
 * Duplicate candidates keep the first one per key; duplicate open alerts (should not exist) keep the first and
 * resolve the rest, which heals a duplicated table.
 *
 * @example
 * const d = diffAlerts(openAlerts, evaluateWarnings(input).candidates);
 * // insert d.raise, update d.update[i].existing from d.update[i].candidate, resolve d.resolve
 */
export function diffAlerts<E extends AlertState, C extends AlertState = AlertCandidate>(
  existingOpen: readonly E[],
  candidates: readonly C[],
): AlertDiff<E, C> {
  const byKey = new Map<string, C>();
  for (const c of candidates) {
    const k = alertKey(c);
    if (!byKey.has(k)) byKey.set(k, c);
  }
  const diff: AlertDiff<E, C> = { raise: [], update: [], resolve: [], unchanged: [] };
  const matched = new Set<string>();
  for (const e of existingOpen) {
    const k = alertKey(e);
    const c = byKey.get(k);
    if (!c || matched.has(k)) {
      diff.resolve.push(e);
      continue;
    }
    matched.add(k);
    const changes = changesBetween(e, c);
    if (changes.length > 0) diff.update.push({ existing: e, candidate: c, changes });
    else diff.unchanged.push({ existing: e, candidate: c });
  }
  for (const [k, c] of byKey) if (!matched.has(k)) diff.raise.push(c);
  return diff;
}

/**
 * The open alerts after applying a diff (what the database holds afterwards), for in-memory use and tests:
 * unchanged kept, updated ones take the candidate's fields over the existing record, raised ones appended,
 * resolved ones gone.
 *
 * @example
 * const open2 = applyAlertDiff(open, diffAlerts(open, candidates));
 * diffAlerts(open2, candidates).raise.length; // 0
 */
export function applyAlertDiff<E extends AlertState, C extends AlertState>(existingOpen: readonly E[], diff: AlertDiff<E, C>): (E | C)[] {
  const resolved = new Set<E>(diff.resolve);
  const updated = new Map<E, C>(diff.update.map((u) => [u.existing, u.candidate]));
  const out: (E | C)[] = [];
  for (const e of existingOpen) {
    if (resolved.has(e)) continue;
    const c = updated.get(e);
    out.push(c ? ({ ...e, ...c } as E) : e);
  }
  out.push(...diff.raise);
  return out;
}
