import type { MultiPolygon, Polygon } from 'geojson';
import { validatePolygon } from '@app/geo';
import type { AreaRecord, DistrictRecord } from '@app/domain';
import type { ValidationContext } from '../context';
import { readGeometry } from '../coordinates';
import type { ImportProblem } from '../problems';
import type { Located } from './duplicates';
import type { RawTable } from '../raw-table';
import { RowReader } from '../row-reader';
import { LEVEL_WORDS, SETTLEMENT_WORDS } from '../vocab';
import { checkDuplicates } from './duplicates';

const CODE_LENGTH: Record<string, number[]> = { city: [6], county: [6], township: [9], village: [12] };

/** Reads a polygon geometry, checking rings (closed, simple, at least 4 positions) before converting it. */
export function readPolygon(r: RowReader, ctx: ValidationContext): Polygon | MultiPolygon | null {
  const g = r.row.geometry;
  if (!g) {
    r.fail('geometry', 'a polygon geometry is required');
    return null;
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    r.fail('geometry', `expected a Polygon or MultiPolygon, got ${g.type}`);
    return null;
  }
  const issues = validatePolygon(g);
  if (issues.length > 0) {
    for (const i of issues.slice(0, 5)) r.fail('geometry', `invalid polygon: ${i.message}`);
    return null;
  }
  return readGeometry(r, g, ctx);
}

/** Validates the areas layer: official codes of the right length per level, a valid polygon each. */
export function readAreas(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<AreaRecord>[] {
  const items: { position: number; record: AreaRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const code = r.str('code', true);
    if (code) r.code = code;
    const name = r.str('name', true);
    const level = r.oneOf('level', LEVEL_WORDS, true, 'level');
    const parentCode = r.str('parent_code');
    const settlement = r.oneOf('settlement', SETTLEMENT_WORDS, false, 'settlement');
    if (code && level && !CODE_LENGTH[level].includes(code.length)) r.fail('code', `a ${level} code has ${CODE_LENGTH[level].join(' or ')} digits, got "${code}"`);
    if (code && !/^\d+$/.test(code)) r.fail('code', `"${code}" is not a numeric administrative code`);
    if (level && level !== 'city' && !parentCode) r.fail('parent_code', `a ${level} needs its parent's code`);
    const geometry = readPolygon(r, ctx);
    if (code && name && level && geometry) {
      items.push({ position: row.position, record: { code, name, level, parentCode, settlement: level === 'village' ? (settlement ?? 'rural') : null, geometry, attributes: row.extra } });
    }
  }
  checkDuplicates(table, items, (a) => a.code, 'code', problems);
  return items;
}

/** Validates the districts layer (planning zones such as 高铁新城). */
export function readDistricts(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<DistrictRecord>[] {
  const items: { position: number; record: DistrictRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const code = r.str('code', true);
    if (code) r.code = code;
    const name = r.str('name', true);
    const watched = r.bool('watched', true);
    const geometry = readPolygon(r, ctx);
    if (code && name && geometry) items.push({ position: row.position, record: { code, name, watched, geometry, attributes: row.extra } });
  }
  checkDuplicates(table, items, (a) => a.code, 'code', problems);
  return items;
}
