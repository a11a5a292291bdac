import type { ImportProblem, NoticeKind } from './problems';
import { rowLocation, type RawRow, type RawTable } from './raw-table';
import { readNumber, readYear, type NumberRead, type ValueNotes } from './values';

const LIST_SPLIT = /[;；、|]/;

/** String(v), falling back to JSON for parsed objects whose own toString/valueOf members make String() throw. */
function text(v: unknown): string {
  try {
    return String(v);
  } catch {
    return JSON.stringify(v);
  }
}

/**
 * Reads typed fields from one raw row, recording a located problem for every bad or missing value, so a file is
 * checked completely in one pass instead of stopping at its first error.
 */
export class RowReader {
  private readonly where: { file: string; row?: number; feature?: number };
  private readonly notes: ValueNotes | undefined;
  code?: string;

  constructor(
    table: Pick<RawTable, 'file' | 'format' | 'notes'>,
    readonly row: RawRow,
    private readonly problems: ImportProblem[],
  ) {
    this.where = rowLocation(table, row.position);
    this.notes = table.notes;
  }

  private noted(field: string, raw: unknown, read: NumberRead): number {
    for (const k of read.kinds) this.notes?.note(k, field, this.row.position, text(raw));
    return read.value;
  }

  /** Records a problem against this row. */
  fail(field: string | undefined, message: string): void {
    this.problems.push({ ...this.where, ...(this.code ? { code: this.code } : {}), ...(field ? { field } : {}), message });
  }

  /** Records a notice against this row (kept once per row and message). */
  notice(kind: NoticeKind, message: string, field?: string): void {
    this.notes?.fileNotice(`${this.row.position}:${message}`, kind, message, this.row.position, field);
  }

  has(field: string): boolean {
    return this.row.values[field] !== undefined && this.row.values[field] !== null && text(this.row.values[field]).trim() !== '';
  }

  str(field: string, required = false): string | null {
    if (!this.has(field)) {
      if (required) this.fail(field, 'required field is missing');
      return null;
    }
    return text(this.row.values[field]).trim();
  }

  /**
   * A number; `integer` refuses fractions, `min` refuses values below it (counts are never negative). Bureau spellings
   * (full-width digits, `1,234`, `412人`, `12%`) are read and noted; `angle` also takes `118.9°` and `118°54′05″`.
   */
  num(field: string, opts: { required?: boolean; integer?: boolean; min?: number; max?: number; angle?: boolean } = {}): number | null {
    if (!this.has(field)) {
      if (opts.required) this.fail(field, 'required field is missing');
      return null;
    }
    const raw = this.row.values[field];
    const read = readNumber(raw, opts.angle);
    if (!read) {
      this.fail(field, `"${text(raw)}" is not a number`);
      return null;
    }
    return this.checked(field, this.noted(field, raw, read), opts);
  }

  private checked(field: string, n: number, opts: { integer?: boolean; min?: number; max?: number }): number | null {
    if (opts.integer && !Number.isInteger(n)) {
      this.fail(field, `${n} is not a whole number`);
      return null;
    }
    if (opts.min !== undefined && n < opts.min) {
      this.fail(field, `${n} is below the minimum ${opts.min}`);
      return null;
    }
    if (opts.max !== undefined && n > opts.max) {
      this.fail(field, `${n} is above the maximum ${opts.max}`);
      return null;
    }
    return n;
  }

  /** A longitude or latitude in decimal degrees, degrees with a sign (118.9°) or degrees-minutes-seconds. */
  coordinate(field: string, required = true): number | null {
    return this.num(field, { required, angle: true });
  }

  /**
   * An optional count whose blank cell has a documented meaning (`whenBlank`, e.g. 0 = "derive seats from classes");
   * the blank is noted once per file. A cell that is present but unreadable is an error and gives null, never the
   * default.
   */
  countOr(field: string, whenBlank: number, meaning: string): number | null {
    if (!this.has(field)) {
      this.notes?.blank(field, this.row.position, meaning);
      return whenBlank;
    }
    return this.count(field);
  }

  count(field: string, required = false): number | null {
    return this.num(field, { required, integer: true, min: 0 });
  }

  /** A year, also written as a date or an Excel date serial (noted). */
  year(field: string, required = false): number | null {
    if (!this.has(field)) {
      if (required) this.fail(field, 'required field is missing');
      return null;
    }
    const raw = this.row.values[field];
    const read = readYear(raw);
    if (!read) {
      this.fail(field, `"${text(raw)}" is not a year`);
      return null;
    }
    return this.checked(field, this.noted(field, raw, read), { integer: true, min: 1949, max: 2100 });
  }

  /** A value from a closed vocabulary; `map` keys are normalised (lower case, no spaces). */
  oneOf<T extends string>(field: string, map: Record<string, T>, required: boolean, label: string): T | null {
    const v = this.str(field, required);
    if (v === null) return null;
    const key = v.toLowerCase().replace(/[\s_-]+/g, '');
    const hit = Object.hasOwn(map, key) ? map[key] : undefined;
    if (!hit) this.fail(field, `unknown ${label} "${v}" (expected one of: ${[...new Set(Object.values(map))].join(', ')})`);
    return hit ?? null;
  }

  list(field: string, required = false): string[] {
    const v = this.str(field, required);
    if (v === null) return [];
    const items = v
      .split(LIST_SPLIT)
      .map((s) => s.trim())
      .filter(Boolean);
    if (required && items.length === 0) this.fail(field, `"${v}" is an empty list`);
    return items;
  }

  bool(field: string, fallback: boolean): boolean {
    if (!this.has(field)) return fallback;
    const v = text(this.row.values[field]).trim().toLowerCase();
    if (['true', '1', 'yes', 'y', '是'].includes(v)) return true;
    if (['false', '0', 'no', 'n', '否'].includes(v)) return false;
    this.fail(field, `"${v}" is not true/false (是/否)`);
    return fallback;
  }
}
