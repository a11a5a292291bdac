/** Size and complexity limits for one import (from config). */
export interface ImportLimits {
  maxBytes: number;
  maxVertices: number;
  maxFeatureVertices: number;
  /** Deepest bracket nesting accepted in a JSON file before parsing it. */
  maxJsonDepth: number;
  /** Most rows per file. */
  maxRows: number;
  /** Most uncompressed bytes an XLSX workbook's sheet, shared strings and styles may expand to. */
  maxXlsxUncompressedBytes: number;
  /** Most cells of one CSV or XLSX table (rows × header width). */
  maxCells: number;
  /** Most columns of one CSV or XLSX table. */
  maxColumns: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxVertices: 2_000_000,
  maxFeatureVertices: 200_000,
  maxJsonDepth: 32,
  maxRows: 1_000_000,
  maxXlsxUncompressedBytes: 256 * 1024 * 1024,
  maxCells: 10_000_000,
  maxColumns: 1024,
};
