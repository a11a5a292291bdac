import type { LineString, MultiLineString } from 'geojson';
import type { RoadRecord } from '@app/domain';
import { buildRoadGraph, roadInputs, ROAD_CLASS_WORDS } from '@app/routing';
import type { ValidationContext } from '../context';
import { readGeometry } from '../coordinates';
import type { ImportNotice, ImportProblem } from '../problems';
import type { Located } from './duplicates';
import type { RawTable } from '../raw-table';
import { RowReader } from '../row-reader';
import { checkDuplicates } from './duplicates';

const ONEWAY_WORDS: Record<string, 'yes' | 'no' | 'reverse'> = {
  yes: 'yes',
  true: 'yes',
  '1': 'yes',
  是: 'yes',
  y: 'yes',
  no: 'no',
  false: 'no',
  '0': 'no',
  否: 'no',
  n: 'no',
  '-1': 'reverse',
  reverse: 'reverse',
};

function readLines(r: RowReader, ctx: ValidationContext): LineString | MultiLineString | null {
  const g = r.row.geometry;
  if (!g) {
    r.fail('geometry', 'a LineString or MultiLineString geometry is required');
    return null;
  }
  if (g.type !== 'LineString' && g.type !== 'MultiLineString') {
    r.fail('geometry', `expected a LineString or MultiLineString, got ${g.type}`);
    return null;
  }
  const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
  if (lines.length === 0 || lines.some((l) => !Array.isArray(l) || l.length < 2)) {
    r.fail('geometry', 'every line needs at least 2 positions');
    return null;
  }
  if (lines.some((l) => l.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])))) {
    r.fail('geometry', 'a position is not a pair of finite numbers');
    return null;
  }
  return readGeometry(r, g, ctx);
}

/**
 * Validates the roads layer: a LineString/MultiLineString per road with a class (国道/省道/县道/乡道/村道 or an OSM
 * highway value), optional speed_kmh, oneway (OSM `-1` reverses the line) and ferry. The network is then built once
 * to report disconnected pieces and dangling ends in `notices`: they are worth knowing, never a reason to refuse.
 */
export function readRoads(
  table: RawTable,
  ctx: ValidationContext,
  problems: ImportProblem[],
  notices: ImportNotice[],
): Located<RoadRecord>[] {
  const items: { position: number; record: RoadRecord }[] = [];
  for (const row of table.rows) {
    const r = new RowReader(table, row, problems);
    const code = r.str('code') ?? `road-${row.position + 1}`;
    r.code = code;
    const name = r.str('name');
    const ferryRaw = r.str('ferry');
    const ferry = ferryRaw !== null && ferryRaw.toLowerCase() === 'ferry' ? true : r.bool('ferry', false);
    const rawClass = r.str('class', !ferry);
    let roadClass: string | null = ferry && !rawClass ? 'ferry' : null;
    if (rawClass) {
      roadClass = ROAD_CLASS_WORDS[rawClass.trim().toLowerCase()] ?? ROAD_CLASS_WORDS[rawClass.trim()] ?? null;
      if (!roadClass)
        r.fail(
          'class',
          `unknown road class "${rawClass}" (expected 国道, 省道, 县道, 乡道, 村道 or an OSM highway value such as primary, residential)`,
        );
    }
    const speedKmh = r.num('speed_kmh', { min: 1, max: 200 });
    const onewayRaw = r.str('oneway');
    const oneway = onewayRaw === null ? 'no' : ONEWAY_WORDS[onewayRaw.toLowerCase()];
    if (!oneway) r.fail('oneway', `"${onewayRaw}" is not a oneway value (yes/no/-1, 是/否)`);
    let geometry = readLines(r, ctx);
    if (geometry && oneway === 'reverse') {
      geometry =
        geometry.type === 'LineString'
          ? { type: 'LineString', coordinates: [...geometry.coordinates].reverse() }
          : { type: 'MultiLineString', coordinates: geometry.coordinates.map((l) => [...l].reverse()) };
    }
    if (roadClass && geometry && oneway) {
      items.push({
        position: row.position,
        record: { code, name, roadClass, speedKmh, oneway: oneway !== 'no', ferry, geometry, attributes: row.extra },
      });
    }
  }
  checkDuplicates(table, items, (x) => x.code, 'code', problems);
  if (items.length > 0 && problems.length === 0) {
    const g = buildRoadGraph(roadInputs(items.map((i) => i.record)));
    for (const n of g.notices)
      notices.push({
        file: table.file,
        kind: 'road_network',
        message: `${n.message}${n.codes.length ? ` (e.g. ${n.codes.join(', ')})` : ''}`,
      });
  }
  return items;
}
