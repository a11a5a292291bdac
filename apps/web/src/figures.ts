import type { CapacityFigure } from './api';

/** Capacity figures grouped by subject code. */
export function groupBySubject(rows: CapacityFigure[]): Map<string, CapacityFigure[]> {
  const m = new Map<string, CapacityFigure[]>();
  for (const r of rows) {
    const list = m.get(r.subjectCode) ?? [];
    list.push(r);
    m.set(r.subjectCode, list);
  }
  return m;
}

/** Resident demand over seats across the rows (stages) given; null without seats. */
export function ratio(rows: CapacityFigure[]): number | null {
  const seats = rows.reduce((s, r) => s + (r.seats ?? 0), 0);
  const demand = rows.reduce((s, r) => s + (r.demandResident ?? 0), 0);
  return seats > 0 ? demand / seats : null;
}
