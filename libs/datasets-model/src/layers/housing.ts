import type { HousingProjectRecord } from '@app/domain';
import type { ValidationContext } from '../context';
import { readPoint } from '../coordinates';
import type { ImportProblem } from '../problems';
import type { DuplicateKey, Located } from './duplicates';
import type { RawTable } from '../raw-table';
import { RowReader } from '../row-reader';
import { checkDuplicates } from './duplicates';

const TYPES: Record<string, string> = {
  commodity: 'commodity',
  商品房: 'commodity',
  resettlement: 'resettlement',
  安置房: 'resettlement',
  rental: 'rental',
  租赁住房: 'rental',
  talent: 'talent',
  人才房: 'talent',
};

/** Parses "2026:800;2027:1200" into { '2026': 800, '2027': 1200 }, failing on anything else. */
function readPhasing(r: RowReader): Record<string, number> | null {
  const parts = r.list('phasing', true);
  const out: Record<string, number> = {};
  for (const p of parts) {
    const m = /^(\d{4})\s*[:：=]\s*(\d+)$/.exec(p);
    if (!m) {
      r.fail('phasing', `"${p}" is not year:households (e.g. 2026:800)`);
      return null;
    }
    out[m[1]] = (out[m[1]] ?? 0) + Number(m[2]);
  }
  return parts.length ? out : null;
}

/** Validates housing projects: households, completion phasing that adds up, pupil yields per stage. */
export function readHousing(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<HousingProjectRecord>[] {
  const items = readHousingRows(table, ctx, problems);
  checkDuplicates(table, items, HOUSING_KEY.keyOf, HOUSING_KEY.field, problems);
  return items;
}

/** What makes a row of this layer unique within its file: the key and the field a repeat is reported on. */
export const HOUSING_KEY: DuplicateKey<HousingProjectRecord> = { keyOf: (h) => h.code, field: 'code' };

/** readHousing without the check for repeated keys: one chunk of a file's rows at a time (the caller checks the whole file). */
export function readHousingRows(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<HousingProjectRecord>[] {
  const items: { position: number; record: HousingProjectRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const code = r.str('code', true);
    if (code) r.code = code;
    const name = r.str('name', true);
    const townshipCode = r.str('township_code', true);
    const households = r.count('households', true);
    const typeWord = r.str('type') ?? 'commodity';
    const typeKey = typeWord.toLowerCase();
    const type = Object.hasOwn(TYPES, typeKey) ? TYPES[typeKey] : undefined;
    if (!type) r.fail('type', `unknown housing type "${typeWord}" (commodity/商品房, resettlement/安置房, rental/租赁住房, talent/人才房)`);
    const phasing = readPhasing(r);
    if (phasing && households !== null) {
      const total = Object.values(phasing).reduce((a, b) => a + b, 0);
      if (total !== households) r.fail('phasing', `phasing adds up to ${total} households, not ${households}`);
    }
    const yields = {
      kindergarten: r.num('yield_kindergarten', { min: 0, max: 5 }) ?? 0,
      primary: r.num('yield_primary', { min: 0, max: 5 }) ?? 0,
      junior: r.num('yield_junior', { min: 0, max: 5 }) ?? 0,
      senior: r.num('yield_senior', { min: 0, max: 5 }) ?? 0,
    };
    let point: [number, number] | null = null;
    if (row.geometry) {
      if (row.geometry.type !== 'Point') r.fail('geometry', `a housing project is a Point, got ${row.geometry.type}`);
      else point = readPoint(r, row.geometry.coordinates[0], row.geometry.coordinates[1], ctx, 'geometry');
    } else {
      const x = r.coordinate('lon');
      const y = r.coordinate('lat');
      if (x !== null && y !== null) point = readPoint(r, x, y, ctx);
    }
    if (code && name && townshipCode && households !== null && type && phasing && point) {
      items.push({
        position: row.position,
        record: {
          code,
          name,
          townshipCode,
          districtCode: r.str('district_code'),
          unitCode: r.str('unit_code'),
          lon: point[0],
          lat: point[1],
          households,
          type,
          phasing,
          yields,
          attributes: row.extra,
        },
      });
    }
  }
  return items;
}
