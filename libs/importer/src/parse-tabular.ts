import { parse } from 'csv-parse/sync';
import type { Layer } from '@app/domain';
import { canonicalField } from './headers';
import type { ImportLimits } from './limits';
import type { ImportProblem } from './problems';
import type { RawRow } from './raw-table';
import { readXlsxSheet } from './xlsx-stream';

/** Turns a header row plus data rows into RawRows; unknown headers go to `extra`. Row numbers count the header as 1. */
function toRows(file: string, layer: Layer, header: string[], data: unknown[][], problems: ImportProblem[], headerRow = 1, rowOf = (i: number) => i + 2): RawRow[] {
  const fields = header.map((h) => canonicalField(layer, String(h ?? '')));
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    if (!f) return;
    if (seen.has(f)) problems.push({ file, row: headerRow, field: f, message: `columns ${seen.get(f)! + 1} and ${i + 1} both map to "${f}"` });
    seen.set(f, i);
  });
  const rows: RawRow[] = [];
  data.forEach((cells, r) => {
    if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) return;
    const values: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = cells[i];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return;
      const f = fields[i];
      if (f) values[f] = typeof v === 'string' ? v.trim() : v;
      else if (h) extra[String(h)] = v;
    });
    rows.push({ position: rowOf(r), values, extra, geometry: null });
  });
  return rows;
}

/** Cells of the first non-blank record (commas outside quotes + 1), counting no further than `stopAfter` + 1. */
function firstRecordWidth(text: string, stopAfter: number): number {
  let i = 0;
  while (i < text.length && (text[i] === '\n' || text[i] === '\r' || text[i] === '\ufeff')) i++;
  let cells = 1;
  let quoted = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',' && ++cells > stopAfter) break;
  }
  return cells;
}

/**
 * Parses CSV text (header row first) into canonical rows.
 * @example parseCsv('schools.csv', '学校代码,学校名称\nS1,一小', 'schools', DEFAULT_LIMITS, [])[0].values.name // '一小'
 */
export function parseCsv(file: string, text: string, layer: Layer, limits: ImportLimits, problems: ImportProblem[]): RawRow[] | null {
  // Checked before parsing: csv-parse would spend seconds of the event loop on a header a million cells wide.
  const width = firstRecordWidth(text, limits.maxColumns);
  if (width > limits.maxColumns) {
    problems.push({ file, row: 1, message: `more than ${limits.maxColumns} columns: over the limit` });
    return null;
  }
  let records: string[][];
  // Spreadsheet row of each record: skipped blank lines still count, as they do when the file is opened in a spreadsheet.
  const rowNumbers: number[] = [];
  try {
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      // Stop one record past the limit: a huge file is refused without holding all of it as rows.
      to: limits.maxRows + 2,
      on_record: (record: string[], info) => {
        rowNumbers.push(info.records + info.empty_lines);
        return record;
      },
    }) as string[][];
  } catch (e) {
    problems.push({ file, message: `not valid CSV: ${(e as Error).message}` });
    return null;
  }
  if (records.length === 0) {
    problems.push({ file, message: 'empty file: no header row' });
    return null;
  }
  if (records.length - 1 > limits.maxRows) {
    problems.push({ file, message: `more than ${limits.maxRows} rows: over the limit` });
    return null;
  }
  const [header, ...data] = records;
  const [headerRow, ...dataRows] = rowNumbers;
  data.forEach((cells, i) => {
    if (cells.length > header.length) problems.push({ file, row: dataRows[i], message: `${cells.length} cells but ${header.length} headers` });
  });
  return toRows(file, layer, header, data, problems, headerRow, (i) => dataRows[i]);
}

/** Parses the first worksheet of an XLSX workbook (row 1 = headers), streamed in a worker thread within the limits. */
export async function parseXlsx(file: string, bytes: Buffer, layer: Layer, limits: ImportLimits, problems: ImportProblem[]): Promise<RawRow[] | null> {
  const read = await readXlsxSheet(bytes, {
    maxUncompressedBytes: limits.maxXlsxUncompressedBytes,
    maxCells: limits.maxCells,
    maxColumns: limits.maxColumns,
    maxRows: limits.maxRows,
  });
  if (!read.ok) {
    problems.push({ file, message: read.message });
    return null;
  }
  const [header, ...data] = read.grid;
  return toRows(file, layer, header.map((h) => (h === null ? '' : String(h))), data, problems);
}
