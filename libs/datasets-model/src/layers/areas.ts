import type { MultiPolygon, Polygon } from 'geojson';
import { REPAIRABLE_KINDS, repairPolygon, validatePolygon } from '@app/geo';
import type { AreaLevel, AreaRecord, DistrictRecord } from '@app/domain';
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
  // A large polygon was validated off the event loop already (readImportFiles): the same function's answer.
  const issues = ctx.polygonProblems?.get(g) ?? validatePolygon(g);
  if (issues.length === 0) return readGeometry(r, g, ctx);
  const fixable = issues.every((i) => REPAIRABLE_KINDS.includes(i.kind));
  if (fixable && ctx.repair) {
    const repaired = repairPolygon(g);
    if (repaired) {
      for (const c of repaired.changes) r.notice('polygon_repaired', `repaired: ${c}`, 'geometry');
      return readGeometry(r, repaired.geometry, ctx);
    }
  }
  const hint = fixable ? ' (--repair fixes this)' : '';
  for (const i of issues.slice(0, 5)) {
    const part = g.type === 'MultiPolygon' && i.polygon >= 0 && i.kind !== 'parts_overlap' ? `part ${i.polygon}: ` : '';
    r.fail('geometry', `invalid polygon: ${part}${i.message}${hint}`);
  }
  return null;
}

/** The level an administrative code's length and zeros give: 6 digits ending 00 a city, 6 a county, 9 a township, 12 a village. */
function levelOfCode(code: string): AreaLevel | 'province' | null {
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 6) return code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county';
  return code.length === 9 ? 'township' : code.length === 12 ? 'village' : null;
}

/** The parent's code an administrative code implies (a county's city is its first 4 digits and 00). */
function parentOfCode(code: string, level: AreaLevel): string | null {
  if (level === 'county') return `${code.slice(0, 4)}00`;
  if (level === 'township') return code.slice(0, 6);
  if (level === 'village') return code.slice(0, 9);
  return null;
}

/**
 * Validates the areas layer: official codes of the right length per level, a valid polygon each. Published boundary
 * files are taken as they are: Tianditu `gb` codes lose their 156 country prefix, a missing level comes from the
 * code's length and a missing parent from the code's prefix (each noted once).
 */
export function readAreas(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<AreaRecord>[] {
  const items: { position: number; record: AreaRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    let code = r.str('code', true);
    // No administrative code starts with 156 (内蒙古's cities are 1501-1529): the prefix is GB/T 2659's China.
    if (code && /^156(\d{6}|\d{9}|\d{12})$/.test(code)) {
      table.notes?.fileNotice(
        'gb',
        'boundary_format',
        'GB/T 2659 codes (156 + code) read without the country prefix 156',
        row.position,
        'code',
      );
      code = code.slice(3);
    }
    if (code) r.code = code;
    const name = r.str('name', true);
    let level: AreaLevel | null = null;
    const fromCode = code ? levelOfCode(code) : null;
    if (r.has('level') && r.str('level')?.toLowerCase() === 'province') {
      r.fail('level', 'a province is above the city this engine plans: import the city and its counties (DataV 330800_full.json) instead');
    } else if (r.has('level') || !fromCode) level = r.oneOf('level', LEVEL_WORDS, true, 'level');
    else if (fromCode === 'province') r.fail('code', `"${code}" is a province code: import the city and its counties instead`);
    else {
      level = fromCode;
      table.notes?.fileNotice(
        'level',
        'boundary_format',
        'no level given: taken from the code (6 digits ending 00 = city, 6 = county, 9 = township, 12 = village)',
        row.position,
        'level',
      );
    }
    let parentCode = r.str('parent_code');
    const settlement = r.oneOf('settlement', SETTLEMENT_WORDS, false, 'settlement');
    if (code && level && !CODE_LENGTH[level].includes(code.length))
      r.fail('code', `a ${level} code has ${CODE_LENGTH[level].join(' or ')} digits, got "${code}"`);
    if (code && !/^\d+$/.test(code)) r.fail('code', `"${code}" is not a numeric administrative code`);
    const codeOk = !!code && !!level && /^\d+$/.test(code) && CODE_LENGTH[level].includes(code.length);
    if (level && level !== 'city' && !parentCode && code && codeOk) {
      parentCode = parentOfCode(code, level);
      table.notes?.fileNotice(
        'parent',
        'boundary_format',
        'no parent code given: taken from the code (county 330802 -> city 330800, township 330802001 -> county 330802)',
        row.position,
        'parent_code',
      );
    }
    if (level && level !== 'city' && !parentCode && (codeOk || !code)) r.fail('parent_code', `a ${level} needs its parent's code`);
    const geometry = readPolygon(r, ctx);
    if (code && name && level && geometry) {
      items.push({
        position: row.position,
        record: {
          code,
          name,
          level,
          parentCode,
          settlement: level === 'village' ? (settlement ?? 'rural') : null,
          geometry,
          attributes: row.extra,
        },
      });
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
