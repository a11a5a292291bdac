import { parse } from 'csv-parse/sync';
import type { Layer } from '@app/domain';
import { FIELD_ALIASES, gradeKey, isPlainUnit, normaliseHeader, resolveHeader } from './headers';
import type { ImportLimits } from './limits';
import type { ImportNotice, ImportProblem } from './problems';
import type { RawRow, TableLayout } from './raw-table';
import { turn } from './turn';
import { readXlsxSheet } from './xlsx-stream';

/** What reading a sheet found besides its rows: the layout and the notices (header row, skipped rows, units). */
export interface TableReport {
  layout: TableLayout | null;
  notices: ImportNotice[];
}

/** A fresh report to pass to {@link parseCsv} / {@link parseXlsx}. */
export function newTableReport(): TableReport {
  return { layout: null, notices: [] };
}

/** How many rows from the top are searched for the header (title rows, merged banners and notes come first). */
export const HEADER_SEARCH_ROWS = 30;

/** Words that open a footer row: totals, notes, and the sign-off lines of a bureau's form. */
export const FOOTER_WORDS = ['合计', '小计', '总计', '共计', '备注', '说明', '填表人', '填报人', '制表', '审核', '负责人', '注:', '注：'];
const TOTAL_WORDS = ['合计', '小计', '总计', '计', '总数', '小计数', '合计数'];

const cellText = (c: unknown): string => (c === null || c === undefined ? '' : String(c as string).trim());
const blankRow = (cells: unknown[]) => cells.every((c) => cellText(c) === '');

interface HeaderGuess {
  top: number;
  rows: 1 | 2;
  names: string[];
  fields: (string | null)[];
  dropped: (string | undefined)[];
  refused: (string | undefined)[];
  score: number;
}

function single(layer: Layer, cells: unknown[], width: number): HeaderGuess {
  const names = Array.from({ length: width }, (_, i) => cellText(cells[i]));
  const matches = names.map((n) => resolveHeader(layer, n));
  const fields = matches.map((m) => m.field);
  return {
    top: 0,
    rows: 1,
    names,
    fields,
    dropped: matches.map((m) => m.dropped),
    refused: matches.map((m) => m.refused),
    score: new Set(fields.filter(Boolean)).size,
  };
}

/** Resolves one column of a two-row header: a group label (在校生数) over a part (一年级, 合计) or a full name. */
function pair(layer: Layer, upper: string, lower: string): { name: string; field: string | null; dropped?: string; refused?: string } {
  const u = resolveHeader(layer, upper);
  if (lower === '' || normaliseHeader(lower) === normaliseHeader(upper)) return { name: upper, ...u };
  const l = resolveHeader(layer, lower);
  const name = upper === '' ? lower : `${upper}/${lower}`;
  if (upper === '') return { name, ...l };
  const grade = gradeKey(lower);
  if (grade && (u.field === 'enrolment' || u.field === 'classes'))
    return { name, field: `${u.field === 'enrolment' ? 'enrol' : 'classes'}_${grade}` };
  const gradeAbove = gradeKey(upper);
  if (gradeAbove) {
    const f = resolveHeader(layer, `${upper}${lower}`);
    if (f.field) return { name, ...f };
  }
  for (const joined of [`${lower}${upper}`, `${upper}${lower}`]) {
    const f = resolveHeader(layer, joined);
    if (f.field) return { name, ...f };
  }
  if (u.field && TOTAL_WORDS.includes(normaliseHeader(lower))) return { name, ...u };
  return { name, ...l };
}

function double(layer: Layer, upperCells: unknown[], lowerCells: unknown[], width: number): HeaderGuess {
  const names: string[] = [];
  const fields: (string | null)[] = [];
  const dropped: (string | undefined)[] = [];
  const refused: (string | undefined)[] = [];
  let group = '';
  for (let i = 0; i < width; i++) {
    let upper = cellText(upperCells[i]);
    const lower = cellText(lowerCells[i]);
    // A group label merged across columns is written once (CSV, streamed XLSX) or repeated (XLSX read cell by cell).
    if (upper !== '') group = upper;
    else if (lower !== '') upper = group;
    const p = pair(layer, upper, lower);
    names.push(p.name);
    fields.push(p.field);
    dropped.push(p.dropped);
    refused.push(p.refused);
  }
  return { top: 0, rows: 2, names, fields, dropped, refused, score: new Set(fields.filter(Boolean)).size };
}

/** The header among the first rows: the one (or the two-row pair) that names the most fields of the layer. */
function findHeader(layer: Layer, grid: unknown[][], width: number): HeaderGuess | null {
  let best: HeaderGuess | null = null;
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    if (blankRow(grid[i])) continue;
    const one = { ...single(layer, grid[i], width), top: i };
    if (!best || one.score > best.score) best = one;
    if (i + 1 < grid.length) {
      const two = { ...double(layer, grid[i], grid[i + 1], width), top: i };
      // The pair must name more fields than either row alone: a data row under a header adds none, and a title or
      // note row above a header adds none either.
      const below = single(layer, grid[i + 1], width).score;
      if (two.score > Math.max(one.score, below) && two.score > best.score) best = two;
    }
  }
  return best && best.score > 0 ? best : null;
}

function trimHeader(h: HeaderGuess, grid: unknown[][]): HeaderGuess {
  const rows = grid.slice(h.top, h.top + h.rows);
  let w = h.names.length;
  while (w > 0 && rows.every((r) => cellText(r[w - 1]) === '')) w--;
  return { ...h, names: h.names.slice(0, w), fields: h.fields.slice(0, w), dropped: h.dropped.slice(0, w), refused: h.refused.slice(0, w) };
}

function footerWord(cells: unknown[]): string | null {
  const first = cells.map(cellText).find((c) => c !== '');
  if (!first) return null;
  const t = first.normalize('NFKC').replace(/\s+/g, '');
  return FOOTER_WORDS.find((w) => t.startsWith(w.normalize('NFKC'))) ?? null;
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Turns a sheet's cell matrix (CSV records or worksheet rows, as read) into canonical rows: finds the header row below
 * title rows and merged banners, resolves two-row headers (在校生数 over 一年级 … 六年级), skips footer rows (合计, 备注,
 * 填表人 …) and reports each skipped row, unit and unmapped column. Row numbers are the file's own (`rowNumbers[i]`
 * for `grid[i]`). Unknown columns go to `extra` under their header text.
 * @example tabulate('s.csv', 'schools', [['衢州市学校名单'], ['学校代码', '学校名称'], ['S1', '一小']], [1, 2, 3], [], newTableReport())[0].position // 3
 */
export function tabulate(
  file: string,
  layer: Layer,
  grid: unknown[][],
  rowNumbers: number[],
  problems: ImportProblem[],
  report: TableReport = newTableReport(),
): RawRow[] | null {
  const sheet = startSheet(file, layer, grid, rowNumbers, problems, report);
  if (!sheet) return null;
  sheetRows(sheet, sheet.first, grid.length);
  return finishSheet(sheet);
}

/** Rows of a sheet mapped between two pauses of {@link tabulateYielding}: a few tens of milliseconds at most. */
export const ROWS_PER_TURN = 1000;

/**
 * {@link tabulate}, giving the event loop a turn every {@link ROWS_PER_TURN} rows, so a 50,000-row sheet never
 * holds off other requests (and `/health`) for the whole mapping. Same rows, problems and notices, in the same order.
 * @example (await tabulateYielding('s.xlsx', 'schools', [['学校代码', '学校名称'], ['S1', '一小']], [1, 2], [], newTableReport()))?.[0].position // 2
 */
export async function tabulateYielding(
  file: string,
  layer: Layer,
  grid: unknown[][],
  rowNumbers: number[],
  problems: ImportProblem[],
  report: TableReport = newTableReport(),
): Promise<RawRow[] | null> {
  const sheet = startSheet(file, layer, grid, rowNumbers, problems, report);
  if (!sheet) return null;
  for (let from = sheet.first; from < grid.length; from += ROWS_PER_TURN) {
    if (from > sheet.first) await turn();
    sheetRows(sheet, from, Math.min(grid.length, from + ROWS_PER_TURN));
  }
  return finishSheet(sheet);
}

/** A sheet whose header is found, its data rows being mapped. */
interface SheetState {
  file: string;
  grid: unknown[][];
  rowNumbers: number[];
  problems: ImportProblem[];
  report: TableReport;
  names: string[];
  fields: (string | null)[];
  headerKey: string;
  headerRows: number[];
  /** Index in `grid` of the first data row. */
  first: number;
  skipped: { row: number; reason: string }[];
  rows: RawRow[];
}

function startSheet(
  file: string,
  layer: Layer,
  grid: unknown[][],
  rowNumbers: number[],
  problems: ImportProblem[],
  report: TableReport,
): SheetState | null {
  const width = grid.slice(0, HEADER_SEARCH_ROWS + 1).reduce((w, r) => Math.max(w, r.length), 0);
  const found = findHeader(layer, grid, width);
  // The sheet is as wide as its header: trailing blank header cells are no columns (data beyond them is reported).
  const header = found && trimHeader(found, grid);
  if (!header) {
    const expected = Object.values(FIELD_ALIASES[layer])
      .slice(0, 4)
      .map((a) => a[0])
      .join(', ');
    problems.push({
      file,
      message:
        `header row not found in the first ${Math.min(grid.length, HEADER_SEARCH_ROWS)} rows: no column is named like a ` +
        `${layer} field (e.g. ${expected}; see docs/import-formats.md)`,
    });
    return null;
  }
  const headerRow = rowNumbers[header.top];
  const headerRows = header.rows === 2 ? [headerRow, rowNumbers[header.top + 1]] : [headerRow];
  const skipped: { row: number; reason: string }[] = [];
  const above = grid
    .slice(0, header.top)
    .map((cells, i) => ({ cells, row: rowNumbers[i] }))
    .filter((r) => !blankRow(r.cells));
  for (const r of above)
    skipped.push({ row: r.row, reason: `above the header: "${clip(r.cells.map(cellText).find((c) => c !== '') ?? '')}"` });
  if (header.top > 0 || header.rows === 2) {
    const where = header.rows === 2 ? `rows ${headerRows.join(' and ')} (two-row header)` : `row ${headerRow}`;
    report.notices.push({
      file,
      row: headerRow,
      kind: 'header_row',
      message: `header found on ${where}${above.length ? `; ${above.length} row(s) above it skipped` : ''}`,
    });
  }
  const { fields, names } = header;
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    if (!f) return;
    if (seen.has(f))
      problems.push({ file, row: headerRow, field: f, message: `columns ${seen.get(f)! + 1} and ${i + 1} both map to "${f}"` });
    seen.set(f, i);
  });
  names.forEach((n, i) => {
    if (header.refused[i]) problems.push({ file, row: headerRow, message: `column ${i + 1} "${n}": ${header.refused[i]}` });
    else if (fields[i] && header.dropped[i] !== undefined) {
      const d = header.dropped[i]!;
      report.notices.push({
        file,
        row: headerRow,
        field: fields[i]!,
        kind: 'header_unit',
        message: `column ${i + 1} "${n}" read as ${fields[i]}${isPlainUnit(d) ? ` (unit ${d} dropped)` : ` (bracketed "${d}" ignored)`}`,
      });
    } else if (!fields[i] && n !== '') {
      report.notices.push({
        file,
        row: headerRow,
        kind: 'unmapped_column',
        message: `column ${i + 1} "${n}" is not a ${layer} field: kept in attributes`,
      });
    }
  });
  const first = header.top + header.rows;
  const headerKey = names.map((n) => normaliseHeader(n)).join('|');
  return { file, grid, rowNumbers, problems, report, names, fields, headerKey, headerRows, first, skipped, rows: [] };
}

/** Maps the sheet's grid rows `from` (inclusive) to `to` (exclusive) onto `sheet.rows`. */
function sheetRows(sheet: SheetState, from: number, to: number): void {
  const { file, grid, rowNumbers, problems, report, names, fields, headerKey, skipped, rows } = sheet;
  for (let r = from; r < to; r++) {
    const cells = grid[r];
    const row = rowNumbers[r];
    if (blankRow(cells)) continue;
    const footer = footerWord(cells);
    if (footer) {
      skipped.push({ row, reason: `footer row "${clip(cells.map(cellText).find((c) => c !== '') ?? footer)}"` });
      report.notices.push({
        file,
        row,
        kind: 'footer_row',
        message: `footer row "${clip(cells.map(cellText).find((c) => c !== '') ?? footer)}" skipped`,
      });
      continue;
    }
    if (names.map((_, i) => normaliseHeader(cellText(cells[i]))).join('|') === headerKey) {
      skipped.push({ row, reason: 'repeats the header' });
      report.notices.push({ file, row, kind: 'rows_skipped', message: 'row repeats the header: skipped' });
      continue;
    }
    if (cells.length > names.length && cells.slice(names.length).some((c) => cellText(c) !== ''))
      problems.push({ file, row, message: `${cells.length} cells but ${names.length} headers` });
    const values: Record<string, unknown> = {};
    const extra: Record<string, unknown> = {};
    names.forEach((h, i) => {
      const v = cells[i];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return;
      const f = fields[i];
      if (f) values[f] = typeof v === 'string' ? v.trim() : v;
      else if (h) extra[h] = v;
    });
    rows.push({ position: row, values, extra, geometry: null });
  }
}

function finishSheet(sheet: SheetState): RawRow[] {
  const { names, fields } = sheet;
  sheet.report.layout = {
    headerRows: sheet.headerRows,
    columns: names.map((source, i) => ({ column: i + 1, source, field: fields[i] })),
    skipped: sheet.skipped,
  };
  return sheet.rows;
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
 * Parses CSV text into canonical rows; the header row is found below any title rows (see {@link tabulate}).
 * @example parseCsv('schools.csv', '学校代码,学校名称\nS1,一小', 'schools', DEFAULT_LIMITS, [])[0].values.name // '一小'
 */
export function parseCsv(
  file: string,
  text: string,
  layer: Layer,
  limits: ImportLimits,
  problems: ImportProblem[],
  report: TableReport = newTableReport(),
): RawRow[] | null {
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
  return tabulate(file, layer, records, rowNumbers, problems, report);
}

/**
 * Parses the first worksheet of an XLSX workbook, streamed in a worker thread within the limits; the header row is
 * found below any title rows (see {@link tabulate}).
 */
export async function parseXlsx(
  file: string,
  bytes: Buffer,
  layer: Layer,
  limits: ImportLimits,
  problems: ImportProblem[],
  report: TableReport = newTableReport(),
): Promise<RawRow[] | null> {
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
  return tabulateYielding(
    file,
    layer,
    read.grid,
    read.grid.map((_, i) => i + 1),
    problems,
    report,
  );
}
