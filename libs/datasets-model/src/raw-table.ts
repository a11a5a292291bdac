import type { Geometry } from 'geojson';
import type { Layer } from '@app/domain';
import type { Crs } from '@app/geo';
import type { FileFormat } from './detect-format';
import type { ValueNotes } from './values';

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
  crs: Crs;
  /** False when no CRS was declared and WGS-84 was assumed. */
  crsDeclared?: boolean;
  rows: RawRow[];
  encoding?: string;
  /** How a CSV/XLSX sheet was read: header row(s), column mapping, skipped rows. */
  layout?: TableLayout;
  /** Value normalisations seen while reading the rows (reported once per kind). */
  notes?: ValueNotes;
}

/** One source column and the field it was read as (null: kept in attributes). */
export interface ColumnMapping {
  /** 1-based column number. */
  column: number;
  source: string;
  field: string | null;
}

/** How a sheet's rows were found: for the result and the dry-run preview. */
export interface TableLayout {
  /** Spreadsheet row number(s) of the header: one, or two for a grouped header. */
  headerRows: number[];
  columns: ColumnMapping[];
  skipped: { row: number; reason: string }[];
}

/** Where a row sits, for problems: spreadsheet row or GeoJSON feature. */
export function rowLocation(table: Pick<RawTable, 'file' | 'format'>, position: number): { file: string; row?: number; feature?: number } {
  return table.format === 'geojson' ? { file: table.file, feature: position } : { file: table.file, row: position };
}
