import type { Geometry } from 'geojson';
import type { Layer } from '@app/domain';
import type { FileFormat } from './detect-format';

/** One input row with its fields under canonical names; unknown columns stay in `extra`. */
export interface RawRow {
  /** CSV/XLSX: spreadsheet row number (header = 1). GeoJSON: feature index. */
  position: number;
  values: Record<string, unknown>;
  extra: Record<string, unknown>;
  geometry: Geometry | null;
}

export interface RawTable {
  file: string;
  layer: Layer;
  format: FileFormat;
  /** CRS the coordinates were declared in (before conversion). */
  crs: string;
  rows: RawRow[];
  encoding?: string;
}

/** Where a row sits, for problems: spreadsheet row or GeoJSON feature. */
export function rowLocation(table: Pick<RawTable, 'file' | 'format'>, position: number): { file: string; row?: number; feature?: number } {
  return table.format === 'geojson' ? { file: table.file, feature: position } : { file: table.file, row: position };
}
