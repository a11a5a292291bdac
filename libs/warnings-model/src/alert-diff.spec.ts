import fc from 'fast-check';
import { alertKey, applyAlertDiff, diffAlerts } from './alert-diff';
import type { AlertCandidate } from './rules/alert';

const candidateArb: fc.Arbitrary<AlertCandidate> = fc.record({
  rule: fc.constantFrom('intake' as const, 'district' as const),
  kind: fc.constant('shortage' as const),
  level: fc.constantFrom('yellow', 'red', 'orange'),
  subjectType: fc.constantFrom('catchment' as const, 'district' as const),
  // Small domains so that keys collide often.
  subjectCode: fc.constantFrom('A', 'B', 'C'),
  stage: fc.constantFrom('primary' as const, 'junior' as const),
  onsetYear: fc.integer({ min: 2025, max: 2027 }),
  population: fc.constantFrom('resident' as const, 'registered' as const),
  value: fc.option(
    fc.integer({ min: 80, max: 130 }).map((v) => v / 100),
    { nil: null },
  ),
  seatGap: fc.integer({ min: -20, max: 20 }),
  classesShort: fc.integer({ min: 0, max: 3 }),
  leadTimeYears: fc.integer({ min: 0, max: 3 }),
  message: fc.constant({ zh: '', en: '' }),
  details: fc.constant({}),
});

/** A stored alert: a candidate plus the database's id and status. */
type Stored = AlertCandidate & { id: number; status: 'open' | 'acknowledged' };
const storedArb: fc.Arbitrary<Stored> = fc
  .tuple(candidateArb, fc.nat(), fc.constantFrom('open' as const, 'acknowledged' as const))
  .map(([c, id, status]) => ({ ...c, id, status }));

describe('diffAlerts', () => {
  it('raises, updates, resolves and leaves alone by identity key', () => {
    const base: AlertCandidate = {
      rule: 'intake',
      kind: 'shortage',
      level: 'yellow',
      subjectType: 'catchment',
      subjectCode: 'P1',
      stage: 'primary',
      onsetYear: 2027,
      population: 'resident',
      value: 0.95,
      seatGap: -5,
      classesShort: 0,
      leadTimeYears: 2,
      message: { zh: '', en: '' },
      details: {},
    };
    const keep = { ...base, subjectCode: 'P2' };
    const gone = { ...base, subjectCode: 'P3' };
    const worse = { ...base, level: 'red', value: 1.05, seatGap: 5, classesShort: 1 };
    const fresh = { ...base, subjectCode: 'P4' };
    const d = diffAlerts([base, keep, gone], [worse, keep, fresh]);
    expect(d.raise).toEqual([fresh]);
    expect(d.update).toEqual([{ existing: base, candidate: worse, changes: ['level', 'seatGap', 'value', 'classesShort'] }]);
    expect(d.resolve).toEqual([gone]);
    expect(d.unchanged).toEqual([{ existing: keep, candidate: keep }]);
    expect(alertKey(base)).toBe('intake|catchment|P1|primary|resident|2027');
  });

  it('treats float noise from storage as unchanged, and null vs number as a change', () => {
    const c = {
      rule: 'intake',
      subjectType: 'catchment',
      subjectCode: 'P',
      stage: 'primary',
      population: 'resident',
      onsetYear: 2026,
      level: 'red',
      seatGap: 3.1,
      value: 1.0741,
      classesShort: 1,
    } as const;
    expect(diffAlerts([{ ...c, seatGap: 3.1000000001, value: 1.07410000001 }], [c]).unchanged).toHaveLength(1);
    expect(diffAlerts([{ ...c, value: null }], [c]).update[0].changes).toEqual(['value']);
  });

  it('property: applying the diff makes a second diff empty; every open alert is kept or resolved exactly once', () => {
    fc.assert(
      fc.property(fc.array(storedArb, { maxLength: 25 }), fc.array(candidateArb, { maxLength: 25 }), (existing, candidates) => {
        const d = diffAlerts(existing, candidates);

        // Every existing alert lands in exactly one bucket.
        const seen = [...d.update.map((u) => u.existing), ...d.unchanged.map((u) => u.existing), ...d.resolve];
        expect(seen).toHaveLength(existing.length);
        expect(new Set(seen).size).toBe(existing.length);
        // Kept means a candidate has its key; resolved means none has (or it duplicates a kept one).
        const candidateKeys = new Set(candidates.map(alertKey));
        for (const u of [...d.update, ...d.unchanged]) expect(candidateKeys.has(alertKey(u.existing))).toBe(true);
        const keptKeys = new Set([...d.update, ...d.unchanged].map((u) => alertKey(u.existing)));
        for (const r of d.resolve) expect(!candidateKeys.has(alertKey(r)) || keptKeys.has(alertKey(r))).toBe(true);
        // Raised alerts are new and unique.
        const raised = d.raise.map(alertKey);
        expect(new Set(raised).size).toBe(raised.length);
        for (const k of raised) expect(keptKeys.has(k)).toBe(false);

        // Apply, then diff again with the same candidates: nothing to raise, update or resolve.
        const after = applyAlertDiff(existing, d);
        const keys = after.map(alertKey);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(candidateKeys);
        const again = diffAlerts(after, candidates);
        expect(again.raise).toHaveLength(0);
        expect(again.update).toHaveLength(0);
        expect(again.resolve).toHaveLength(0);
        expect(again.unchanged).toHaveLength(candidateKeys.size);
      }),
      { numRuns: 500 },
    );
  });

  it('property: does not mutate its inputs', () => {
    fc.assert(
      fc.property(fc.array(storedArb, { maxLength: 10 }), fc.array(candidateArb, { maxLength: 10 }), (existing, candidates) => {
        const before = JSON.stringify([existing, candidates]);
        applyAlertDiff(existing, diffAlerts(existing, candidates));
        expect(JSON.stringify([existing, candidates])).toBe(before);
      }),
    );
  });
});
