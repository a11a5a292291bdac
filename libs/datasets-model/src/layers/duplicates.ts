import type { ImportProblem } from '../problems';
import { rowLocation, type RawTable } from '../raw-table';

/** A validated record with its row (CSV/XLSX) or feature (GeoJSON) position. */
export interface Located<T> {
  position: number;
  record: T;
}

/** The key a layer's rows must not repeat within one file, and the field a repeat is reported against. */
export interface DuplicateKey<T> {
  keyOf: (r: T) => string;
  field: string;
}

/** Reports every repeated key within one file, naming both rows. */
export function checkDuplicates<T>(
  table: RawTable,
  items: { position: number; record: T }[],
  keyOf: (r: T) => string,
  field: string,
  problems: ImportProblem[],
): void {
  const first = new Map<string, number>();
  for (const { position, record } of items) {
    const k = keyOf(record);
    const prev = first.get(k);
    if (prev !== undefined) {
      const prevWhere = table.format === 'geojson' ? `feature ${prev}` : `row ${prev}`;
      problems.push({ ...rowLocation(table, position), field, code: k, message: `duplicate ${field} "${k}" (first at ${prevWhere})` });
    } else first.set(k, position);
  }
}
