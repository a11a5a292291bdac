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
  constructor(readonly problems: ImportProblem[]) {
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
