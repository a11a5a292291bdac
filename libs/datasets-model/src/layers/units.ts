import type { Geometry } from 'geojson';
import type { PopulationUnitRecord } from '@app/domain';
import type { ValidationContext } from '../context';
import { readPoint } from '../coordinates';
import type { ImportProblem } from '../problems';
import type { Located } from './duplicates';
import type { RawTable } from '../raw-table';
import { RowReader } from '../row-reader';
import { SETTLEMENT_WORDS } from '../vocab';
import { readPolygon } from './areas';
import { checkDuplicates } from './duplicates';

/** Validates population units: point or polygon demand units inside the region. */
export function readUnits(table: RawTable, ctx: ValidationContext, problems: ImportProblem[]): Located<PopulationUnitRecord>[] {
  const items: { position: number; record: PopulationUnitRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const code = r.str('code', true);
    if (code) r.code = code;
    const name = r.str('name', true);
    const townshipCode = r.str('township_code', true);
    const countyCode = r.str('county_code') ?? (townshipCode ? townshipCode.slice(0, 6) : null);
    const settlement = r.oneOf('settlement', SETTLEMENT_WORDS, false, 'settlement') ?? 'rural';
    let geometry: Geometry | null = null;
    const g = row.geometry;
    if (!g) r.fail('geometry', 'a Point or Polygon geometry is required');
    else if (g.type === 'Point') {
      const p = readPoint(r, g.coordinates[0], g.coordinates[1], ctx, 'geometry');
      geometry = p ? { type: 'Point', coordinates: p } : null;
    } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') geometry = readPolygon(r, ctx);
    else r.fail('geometry', `expected a Point or Polygon, got ${g.type}`);
    if (code && name && townshipCode && countyCode && geometry) {
      items.push({ position: row.position, record: { code, name, townshipCode, countyCode, settlement, geometry, attributes: row.extra } });
    }
  }
  checkDuplicates(table, items, (u) => u.code, 'code', problems);
  return items;
}
