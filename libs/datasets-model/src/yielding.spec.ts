import ExcelJS from 'exceljs';
import type { ImportProblem } from './problems';
import { readSchools } from './layers/schools';
import { DEFAULT_LIMITS } from './limits';
import { newTableReport, ROWS_PER_TURN, tabulate, tabulateYielding } from './parse-tabular';
import type { RawTable } from './raw-table';
import { readImportFiles } from './read-files';
import { ValueNotes } from './values';
import { readXlsxSheet } from './xlsx-stream';

const HEADER = ['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数', '班级数'];

async function schoolsXlsx(rows: number, special: (i: number) => unknown[] | null = () => null): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校');
  ws.addRow(['衢州市学校名单']);
  ws.addRow(HEADER);
  for (let i = 0; i < rows; i++)
    ws.addRow(special(i) ?? [`S${i}`, `学校${i}`, '小学', '公办', 118.8 + (i % 100) / 1000, 28.9 + Math.floor(i / 100) / 10000, 300, 12]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const LIMITS = {
  maxUncompressedBytes: DEFAULT_LIMITS.maxXlsxUncompressedBytes,
  maxCells: DEFAULT_LIMITS.maxCells,
  maxColumns: DEFAULT_LIMITS.maxColumns,
  maxRows: DEFAULT_LIMITS.maxRows,
};

describe('large sheets are mapped and validated in chunks', () => {
  // Problems, repeats and skipped rows on both sides of chunk boundaries (sheet rows 3.. are data rows 0..).
  const special = (i: number): unknown[] | null => {
    if (i === 5 || i === ROWS_PER_TURN + 1) return [`S${i}`, `学校${i}`, '大学', '公办', 118.85, 28.95, 300, 12];
    if (i === ROWS_PER_TURN - 2) return HEADER;
    if (i === ROWS_PER_TURN * 2 + 3) return ['S7', '重复的学校', '初中', '民办', 118.86, 28.96, 200, 8];
    if (i === ROWS_PER_TURN * 2 + 4) return [`S${i}`, `学校${i}`, '小学', '公办', 118.86, 28.96, '三百', 12];
    return null;
  };

  it('gives the records, problems, notices and row numbers of one pass over the sheet', async () => {
    const bytes = await schoolsXlsx(ROWS_PER_TURN * 2 + 600, special);
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], { limits: DEFAULT_LIMITS, previousRegion: null });

    // The same sheet through the one-pass functions.
    const read = await readXlsxSheet(bytes, LIMITS);
    if (!read.ok) throw new Error(read.message);
    const problems: ImportProblem[] = [];
    const report = newTableReport();
    const rows = tabulate(
      'schools.xlsx',
      'schools',
      read.grid,
      read.grid.map((_, i) => i + 1),
      problems,
      report,
    )!;
    const table: RawTable = { file: 'schools.xlsx', layer: 'schools', format: 'xlsx', crs: 'EPSG:4326', rows, notes: new ValueNotes() };
    const items = readSchools(table, { crs: 'EPSG:4326', region: null, regionBbox: null, repair: false }, problems);

    expect(res.files[0].rows).toBe(2599);
    expect(res.records.schools).toEqual(items.map((i) => i.record));
    expect(res.records.schools).toHaveLength(2596);
    expect(res.problems).toEqual(problems);
    expect(res.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [8, 'stages', 'S5'],
      [1004, 'stages', 'S1001'],
      [2007, 'enrolment', 'S2004'],
      [2006, 'code', 'S7'],
    ]);
    expect(res.problems[3].message).toBe('duplicate code "S7" (first at row 10)');
    expect(res.layouts['schools.xlsx']).toEqual(report.layout);
    expect(res.layouts['schools.xlsx'].skipped).toEqual([
      { row: 1, reason: 'above the header: "衢州市学校名单"' },
      { row: 1001, reason: 'repeats the header' },
    ]);
    expect(res.notices.filter((n) => n.kind !== 'crs_assumed')).toEqual([
      ...report.notices,
      ...table.notes!.notices('schools.xlsx', 'row'),
    ]);
    expect(res.locations.get('schools:S2500')).toEqual({ file: 'schools.xlsx', row: 2503 });
  }, 60_000);

  it('gives the same rows, problems and report as tabulate', async () => {
    const grid = [
      ['学校名单'],
      HEADER,
      ...Array.from({ length: ROWS_PER_TURN * 3 + 7 }, (_, i) => special(i) ?? [`S${i}`, `学校${i}`, '小学', '公办', 118.8, 28.9, 300, 12]),
      ['合计', '', '', '', '', '', 900000, 36000],
    ];
    const numbers = grid.map((_, i) => i + 1);
    const [p1, p2] = [[], []] as ImportProblem[][];
    const [r1, r2] = [newTableReport(), newTableReport()];
    const once = tabulate('s.xlsx', 'schools', grid, numbers, p1, r1);
    const chunked = await tabulateYielding('s.xlsx', 'schools', grid, numbers, p2, r2);
    expect(chunked).toEqual(once);
    expect(chunked).toHaveLength(3006);
    expect(p2).toEqual(p1);
    expect(r2).toEqual(r1);
    expect(r2.layout?.skipped).toHaveLength(3);
  });

  it('reads a 50,000-row school list in chunks, whole and in order', async () => {
    // How long the event loop stalls meanwhile is a wall-clock figure: bench/hostile.ts prints it (one pass: 950-1,300 ms
    // on an idle 2-core machine; in 1,000-row chunks: 100-150 ms). Tests assert what the chunks give back.
    const bytes = await schoolsXlsx(50_000);
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], { limits: DEFAULT_LIMITS, previousRegion: null });
    expect(res.problems).toEqual([]);
    expect(res.files[0].rows).toBe(50_000);
    expect(res.records.schools).toHaveLength(50_000);
    expect([res.records.schools?.[0].code, res.records.schools?.[49_999].code]).toEqual(['S0', 'S49999']);
  }, 120_000);
});
