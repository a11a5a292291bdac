import type { ImportNotice, NoticeKind } from './problems';

/** Kinds of cell normalisation, each reported once per file. */
export type NormalisationKind = 'full_width' | 'thousands' | 'unit' | 'percent' | 'degree' | 'dms' | 'excel_date' | 'date_as_year';

const DESCRIBE: Record<NormalisationKind, string> = {
  full_width: 'full-width digits or signs read as ASCII',
  thousands: 'thousands separators removed',
  unit: 'a unit after the number dropped (人, 个, 班, 所, 间 ...)',
  percent: 'percentages read as fractions (12% = 0.12)',
  degree: 'degree signs dropped from decimal degrees',
  dms: 'degrees, minutes, seconds converted to decimal degrees',
  excel_date: 'Excel date serials read as their year',
  date_as_year: 'dates read as their year',
};

interface Seen {
  count: number;
  row: number;
  field: string;
  raw: string;
}

/**
 * Collects the normalisations one file needed and the optional fields left blank, so each kind is reported once with
 * a count and its first occurrence instead of once per cell.
 */
export class ValueNotes {
  private readonly kinds = new Map<NormalisationKind, Seen>();
  private readonly blanks = new Map<string, Seen & { meaning: string }>();

  note(kind: NormalisationKind, field: string, row: number, raw: string): void {
    const s = this.kinds.get(kind);
    if (s) s.count++;
    else this.kinds.set(kind, { count: 1, row, field, raw });
  }

  /** An optional field left blank, stored as its documented default `meaning`. */
  blank(field: string, row: number, meaning: string): void {
    const s = this.blanks.get(field);
    if (s) s.count++;
    else this.blanks.set(field, { count: 1, row, field, raw: '', meaning });
  }

  private readonly once = new Map<string, { kind: NoticeKind; position: number | null; message: string; field?: string }>();

  /** A notice about the whole file, kept once per `key` (the first position it applied to). */
  fileNotice(key: string, kind: NoticeKind, message: string, position: number | null = null, field?: string): void {
    if (!this.once.has(key)) this.once.set(key, { kind, position, message, field });
  }

  /** The notices, one per normalisation kind and one per blank field. */
  notices(file: string, where: 'row' | 'feature'): ImportNotice[] {
    const at = (n: number) => (where === 'row' ? { row: n } : { feature: n });
    const out: ImportNotice[] = [];
    for (const o of this.once.values())
      out.push({
        file,
        ...(o.position === null ? {} : at(o.position)),
        ...(o.field ? { field: o.field } : {}),
        kind: o.kind,
        message: o.message,
      });
    for (const [kind, s] of this.kinds) {
      out.push({
        file,
        ...at(s.row),
        field: s.field,
        kind: 'value_normalised',
        message: `${DESCRIBE[kind]}: ${s.count} cell(s), first "${s.raw}"`,
      });
    }
    for (const [field, s] of this.blanks) {
      out.push({ file, ...at(s.row), field, kind: 'value_blank', message: `${field} not given in ${s.count} row(s): ${s.meaning}` });
    }
    return out;
  }
}

const UNIT_SUFFIX = /(人|个|名|班|所|间|张|床|座|户|元|平方米|平米|m2|m²)$/;
const THOUSANDS = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** The outcome of reading one cell as a number. */
export interface NumberRead {
  value: number;
  kinds: NormalisationKind[];
}

/**
 * Reads a cell as a number the way a bureau writes it: full-width digits, thousands separators (`1,234`, not `1,2`),
 * a unit after the number (`412人`, `24班`) and percentages (`12%` = 0.12). Returns null when the text is not a
 * number in any of these spellings. `angle` also accepts `118.9015°` and `118°54′05″` (degrees, minutes, seconds).
 * @example readNumber('４１２人') // { value: 412, kinds: ['full_width', 'unit'] }
 * @example readNumber('118°54′05″', true)?.value // 118.90138888888889
 */
export function readNumber(raw: unknown, angle = false): NumberRead | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw, kinds: [] } : null;
  if (typeof raw !== 'string') return null;
  const kinds: NormalisationKind[] = [];
  // NFKC turns a double prime (″, seconds) into two primes: that is no full-width digit, so fold it first.
  let s = raw.trim().replace(/″/g, '′′');
  const folded = s.normalize('NFKC').replace(/[−－]/g, '-');
  if (folded !== s) kinds.push('full_width');
  s = folded.replace(/\s+/g, '');
  if (angle) {
    const dms = /^([-+]?\d+(?:\.\d+)?)[°度](?:(\d+(?:\.\d+)?)['′分])?(?:(\d+(?:\.\d+)?)(?:"|″|''|′′|秒))?([EWNS东西南北])?$/i.exec(s);
    if (dms && (dms[2] !== undefined || dms[3] !== undefined)) {
      const [deg, min, sec] = [Number(dms[1]), Number(dms[2] ?? 0), Number(dms[3] ?? 0)];
      if (min >= 60 || sec >= 60) return null;
      const sign = /[WS西南]/i.test(dms[4] ?? '') || deg < 0 ? -1 : 1;
      return { value: sign * (Math.abs(deg) + min / 60 + sec / 3600), kinds: [...kinds, 'dms'] };
    }
    const deg = /^([-+]?\d+(?:\.\d+)?)[°度]([EWNS东西南北])?$/i.exec(s);
    if (deg) return { value: (/[WS西南]/i.test(deg[2] ?? '') ? -1 : 1) * Number(deg[1]), kinds: [...kinds, 'degree'] };
  }
  let scale = 1;
  if (s.endsWith('%')) {
    s = s.slice(0, -1);
    scale = 0.01;
    kinds.push('percent');
  } else if (UNIT_SUFFIX.test(s) && /\d/.test(s)) {
    s = s.replace(UNIT_SUFFIX, '');
    kinds.push('unit');
  }
  if (THOUSANDS.test(s)) {
    s = s.replace(/,/g, '');
    kinds.push('thousands');
  }
  if (!PLAIN.test(s)) return null;
  const value = Number(s) * scale;
  return Number.isFinite(value) ? { value: scale === 1 ? value : Number(value.toPrecision(12)), kinds } : null;
}

// Excel's day 0 is 1899-12-30 in the 1900 date system (the 1900 leap-year bug is behind us for any year we take).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * Reads a year: `2005`, `2005年`, a date (`2005-09-01`, `2005/9/1`, `2005年9月`, an ISO timestamp) or an Excel date
 * serial (38596 = 2005-09-01) as the year it falls in. Null when it is none of these.
 * @example readYear(38596) // { value: 2005, kinds: ['excel_date'] }
 */
export function readYear(raw: unknown): NumberRead | null {
  const n = readNumber(typeof raw === 'string' ? raw.replace(/年$/, '') : raw);
  if (n) {
    // Serials 17533..73415 are the days of 1948..2100: never a year the engine takes, so no ambiguity.
    if (Number.isInteger(n.value) && n.value >= 17533 && n.value <= 73415) {
      return { value: new Date(EXCEL_EPOCH_MS + n.value * DAY_MS).getUTCFullYear(), kinds: [...n.kinds, 'excel_date'] };
    }
    return n;
  }
  if (typeof raw !== 'string') return null;
  const s = raw.trim().normalize('NFKC');
  const m = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)(?:[T\s].*)?$/.exec(s);
  if (!m) return null;
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { value: Number(m[1]), kinds: ['date_as_year'] };
}
