import ExcelJS from 'exceljs';
import type { ImportProblem } from './problems';
import { readXlsxSheet, readXlsxSheetHere, sheetBatchRows, type XlsxLimits } from './xlsx-stream';

const LIMITS: XlsxLimits = { maxUncompressedBytes: 64 * 1024 * 1024, maxCells: 10_000_000, maxColumns: 1024, maxRows: 1_000_000 };

async function book(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('s'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readXlsxSheet (streamed, in a worker thread)', () => {
  it('refuses the three-cell bomb (A1, XFD1, A2000) by naming the column, without building its 32.7 M cells', async () => {
    const bytes = await book((ws) => {
      ws.getCell('A1').value = 'code';
      ws.getCell('XFD1').value = 'x';
      ws.getCell('A2000').value = 'S1';
    });
    expect(bytes.length).toBeLessThan(10_000);
    const read = await readXlsxSheet(bytes, LIMITS);
    expect(read).toEqual({ ok: false, overLimit: true, message: 'cell XFD1 is in column 16384: over the limit of 1024 columns' });
  });

  it('hands a sheet back in batches of about 20,000 cells, whole and in order', async () => {
    expect(
      sheetBatchRows(
        Array.from({ length: 50_000 }, () => new Array<null>(8).fill(null)),
        20_000,
      ),
    ).toBe(2_500);
    expect(sheetBatchRows([new Array<null>(30_000).fill(null)], 20_000)).toBe(1);
    expect(sheetBatchRows([], 20_000)).toBe(20_000);
    // 7,001 rows × 8 columns: three batches of 2,500 rows, the last one partial.
    const bytes = await book((ws) => {
      ws.addRow(['code', 'name', 'a', 'b', 'c', 'd', 'e', 'f']);
      for (let i = 0; i < 7_000; i++) ws.addRow([`S${i}`, `学校${i}`, i, i + 0.5, null, i % 2 === 0, '', 'x']);
    });
    const [streamed, here] = [await readXlsxSheet(bytes, LIMITS), await readXlsxSheetHere(bytes, LIMITS)];
    if (!streamed.ok || !here.ok) throw new Error('unreadable');
    expect(streamed.grid).toEqual(here.grid);
    expect(streamed.grid).toHaveLength(7_001);
    expect([streamed.grid[2_500][0], streamed.grid[5_001][0], streamed.grid[7_000][0]]).toEqual(['S2499', 'S5000', 'S6999']);
  }, 60_000);

  it('takes the width from the header rows: a far cell lower down is dropped, not expanded', async () => {
    const bytes = await book((ws) => {
      ws.getCell('A1').value = 'code';
      ws.getCell('B1').value = 'name';
      ws.getCell('XFD2000').value = 'far';
      ws.getCell('A2000').value = 'S1';
    });
    const read = await readXlsxSheetHere(bytes, LIMITS);
    if (!read.ok) throw new Error(read.message);
    expect(read.grid).toHaveLength(2000);
    expect(read.grid.every((r) => r.length === 2)).toBe(true);
    expect(read.grid[0]).toEqual(['code', 'name']);
    expect(read.grid[1999]).toEqual(['S1', null]);
  });

  it('refuses a sheet whose rows × width exceed the cell limit, naming the row', async () => {
    const bytes = await book((ws) => {
      ws.addRow(Array.from({ length: 100 }, (_, i) => `h${i}`));
      ws.getCell('A5000').value = 'S1';
    });
    const read = await readXlsxSheetHere(bytes, { ...LIMITS, maxCells: 100_000 });
    expect(read).toEqual({
      ok: false,
      overLimit: true,
      message: 'row 5000 × 100 columns makes 500000 cells: over the limit of 100000 cells',
    });
  });

  it('refuses a workbook that expands past the uncompressed byte limit', async () => {
    const bytes = await book((ws) => {
      ws.addRow(['code', 'name']);
      for (let i = 0; i < 20_000; i++) ws.addRow([`S${i}`, 'x'.repeat(20)]);
    });
    const read = await readXlsxSheetHere(bytes, { ...LIMITS, maxUncompressedBytes: 200_000 });
    expect(read).toEqual({ ok: false, overLimit: true, message: 'the workbook expands past 200000 bytes of XML: over the limit' });
  });

  it('reads inline strings, booleans, 1904 dates and entities from hand-written XML as Excel shows them', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('s');
    ws.addRow(['a&b <c>', 'when', 'flag']);
    ws.addRow(['x', new Date(Date.UTC(2024, 0, 2)), false]);
    const read = await readXlsxSheetHere(Buffer.from(await wb.xlsx.writeBuffer()), LIMITS);
    if (!read.ok) throw new Error(read.message);
    expect(read.grid).toEqual([
      ['a&b <c>', 'when', 'flag'],
      ['x', '2024-01-02T00:00:00.000Z', false],
    ]);
  });
});

describe('parseCsv width limit', () => {
  it('refuses a CSV header wider than the column limit before parsing it, and counts quoted commas as text', async () => {
    const { parseCsv } = await import('./parse-tabular');
    const { DEFAULT_LIMITS } = await import('./limits');
    const problems: ImportProblem[] = [];
    expect(
      parseCsv('s.csv', `${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n`, 'schools', DEFAULT_LIMITS, problems),
    ).toBeNull();
    expect(problems).toEqual([{ file: 's.csv', row: 1, message: 'more than 1024 columns: over the limit' }]);
    const ok: ImportProblem[] = [];
    expect(parseCsv('s.csv', `学校代码,学校名称,"备注${','.repeat(2000)}"\nS1,一小,x\n`, 'schools', DEFAULT_LIMITS, ok)).toHaveLength(1);
    expect(ok).toEqual([]);
  });
});
