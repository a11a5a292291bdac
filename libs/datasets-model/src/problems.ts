/** One thing wrong with an import, located as precisely as the input allows. */
export interface ImportProblem {
  file: string;
  /** 1-based spreadsheet row (the header is row 1) for CSV/XLSX. */
  row?: number;
  /** 0-based feature index for GeoJSON. */
  feature?: number;
  /** Canonical field name (English), when one field is at fault. */
  field?: string;
  /** The record's code, when known, to find it in the source. */
  code?: string;
  message: string;
}

/** Thrown when an import is refused; carries every problem found. */
export class ImportRejected extends Error {
  constructor(
    readonly problems: ImportProblem[],
    /** What the importer read or assumed before refusing (header row, unmapped columns): helps fixing the file. */
    readonly notices: ImportNotice[] = [],
  ) {
    super(`import rejected: ${problems.length} problem(s); first: ${formatProblem(problems[0])}`);
  }
}

/**
 * One line per problem, as the CLI prints it.
 * @example formatProblem({ file: 'schools.csv', row: 7, field: 'stage', message: 'unknown stage "小学部"' })
 * // 'schools.csv row 7 [stage]: unknown stage "小学部"'
 */
export function formatProblem(p: ImportProblem | undefined): string {
  if (!p) return '';
  const where = p.row !== undefined ? ` row ${p.row}` : p.feature !== undefined ? ` feature ${p.feature}` : '';
  const code = p.code ? ` (${p.code})` : '';
  const field = p.field ? ` [${p.field}]` : '';
  return `${p.file}${where}${code}${field}: ${p.message}`;
}

/** Kinds of {@link ImportNotice}: something the importer read or assumed that the user should see, not an error. */
export const NOTICE_KINDS = [
  'header_row',
  'header_unit',
  'unmapped_column',
  'rows_skipped',
  'footer_row',
  'value_normalised',
  'value_blank',
  'crs_assumed',
  'crs_suspect',
  'boundary_format',
  'polygon_repaired',
  'parent_outside',
  'road_network',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Something the import read, assumed or skipped: shown with the result and in a dry run, never a reason to refuse. */
export interface ImportNotice {
  file: string;
  row?: number;
  feature?: number;
  field?: string;
  kind: NoticeKind;
  message: string;
}

/**
 * One line per notice, as the CLI prints it.
 * @example formatNotice({ file: 'schools.xlsx', row: 74, kind: 'footer_row', message: 'footer row "合计" skipped' })
 * // 'schools.xlsx row 74: footer row "合计" skipped'
 */
export function formatNotice(n: ImportNotice): string {
  const where = n.row !== undefined ? ` row ${n.row}` : n.feature !== undefined ? ` feature ${n.feature}` : '';
  const field = n.field ? ` [${n.field}]` : '';
  return `${n.file}${where}${field}: ${n.message}`;
}
