import ExcelJS from 'exceljs';
import { DEFAULT_LIMITS } from './limits';
import { parseCsv, parseXlsx } from './parse-tabular';
import type { ImportProblem } from './problems';

function csv(text: string, layer: Parameters<typeof parseCsv>[2] = 'schools', limits = DEFAULT_LIMITS) {
  const problems: ImportProblem[] = [];
  const rows = parseCsv('schools.csv', text, layer, limits, problems);
  return { rows, problems };
}

describe('parseCsv', () => {
  it('maps Chinese and English headers to canonical fields, trims values and keeps unknown columns as extra', () => {
    const { rows, problems } = csv('学校代码,School_Name,在校生数,备注\nS1, 一小 ,120,城区\n');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { position: 2, values: { code: 'S1', name: '一小', enrolment: '120' }, extra: { 备注: '城区' }, geometry: null },
    ]);
  });

  it('leaves blank cells out of values and extra', () => {
    const { rows } = csv('code,name,备注\nS1,, \n');
    expect(rows).toEqual([{ position: 2, values: { code: 'S1' }, extra: {}, geometry: null }]);
  });

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    const { rows, problems } = csv('code,name,stages\nS1,"衢州市第一小学, 东校区","小学;初中"\nS2,"He said ""hi""","a\nb"\n');
    expect(problems).toEqual([]);
    expect(rows?.map((r) => r.values)).toEqual([
      { code: 'S1', name: '衢州市第一小学, 东校区', stages: '小学;初中' },
      { code: 'S2', name: 'He said "hi"', stages: 'a\nb' },
    ]);
  });

  it('strips a BOM left in the text', () => {
    const { rows } = csv('\ufeff学校代码,学校名称\nS1,一小\n');
    expect(rows?.[0].values).toEqual({ code: 'S1', name: '一小' });
  });

  it('accepts CRLF line endings', () => {
    const { rows, problems } = csv('code,name\r\nS1,a\r\nS2,b\r\n');
    expect(problems).toEqual([]);
    expect(rows?.map((r) => [r.position, r.values.code, r.values.name])).toEqual([
      [2, 'S1', 'a'],
      [3, 'S2', 'b'],
    ]);
  });

  it('skips blank and all-empty lines but keeps spreadsheet row numbers', () => {
    const { rows, problems } = csv('code,name\nS1,a\n\n , \n,\nS2,b\n\n');
    expect(problems).toEqual([]);
    expect(rows?.map((r) => [r.position, r.values.code])).toEqual([
      [2, 'S1'],
      [6, 'S2'],
    ]);
  });

  it('finds the header after leading blank lines and numbers rows as a spreadsheet does', () => {
    const { rows, problems } = csv('\n\ncode,name\nS1,a\n');
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ position: 4, values: { code: 'S1', name: 'a' }, extra: {}, geometry: null }]);
  });

  it('reports rows with more cells than headers by row number, and accepts short rows', () => {
    const { rows, problems } = csv('code,name\nS1,a,x\nS2\n\nS3,c,y,z\n');
    expect(problems).toEqual([
      { file: 'schools.csv', row: 2, message: '3 cells but 2 headers' },
      { file: 'schools.csv', row: 5, message: '4 cells but 2 headers' },
    ]);
    expect(rows?.map((r) => [r.position, r.values])).toEqual([
      [2, { code: 'S1', name: 'a' }],
      [3, { code: 'S2' }],
      [5, { code: 'S3', name: 'c' }],
    ]);
  });

  it('reports two columns mapping to one field on the header row', () => {
    const { problems } = csv('学校名称,code,name\n一小,S1,一小\n');
    expect(problems).toEqual([{ file: 'schools.csv', row: 1, field: 'name', message: 'columns 1 and 3 both map to "name"' }]);
    expect(csv('\n学校名称,code,name\n一小,S1,一小\n').problems).toEqual([
      { file: 'schools.csv', row: 2, field: 'name', message: 'columns 1 and 3 both map to "name"' },
    ]);
  });

  it('numbers rows after a quoted multi-line cell as records (spreadsheet rows), not text lines', () => {
    const { rows } = csv('code,name\nS1,"a\nb\nc"\n\nS2,d\n');
    expect(rows?.map((r) => [r.position, r.values.code])).toEqual([
      [2, 'S1'],
      [4, 'S2'],
    ]);
  });

  it.each(['', '\n\n', '\r\n'])('refuses an empty file %j', (text) => {
    const { rows, problems } = csv(text);
    expect(rows).toBeNull();
    expect(problems).toEqual([{ file: 'schools.csv', message: 'empty file: no header row' }]);
  });

  it('returns no rows for a header-only file', () => {
    expect(csv('code,name\n')).toEqual({ rows: [], problems: [] });
  });

  it('refuses malformed CSV (unclosed quote)', () => {
    const { rows, problems } = csv('code,name\nS1,"abc\n');
    expect(rows).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe('schools.csv');
    expect(problems[0].message).toMatch(/^not valid CSV: /);
  });

  it('refuses more data rows than the limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxRows: 2 };
    expect(csv('code\nS1\nS2\n', 'schools', limits).problems).toEqual([]);
    const { rows, problems } = csv('code\nS1\nS2\nS3\n', 'schools', limits);
    expect(rows).toBeNull();
    expect(problems).toEqual([{ file: 'schools.csv', message: 'more than 2 rows: over the limit' }]);
  });

  it('maps population age headers', () => {
    const header = ['单元代码', '年份', '口径', ...Array.from({ length: 18 }, (_, a) => `${a}岁`)].join(',');
    const line = ['U1', '2024', '常住', ...Array.from({ length: 18 }, (_, a) => String(a * 10))].join(',');
    const { rows } = csv(`${header}\n${line}\n`, 'population');
    expect(rows?.[0].values).toEqual({
      unit_code: 'U1',
      year: '2024',
      population: '常住',
      ...Object.fromEntries(Array.from({ length: 18 }, (_, a) => [`age_${a}`, String(a * 10)])),
    });
  });
});

async function workbook(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('学校'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function xlsx(bytes: Buffer, layer: Parameters<typeof parseXlsx>[2] = 'schools', limits = DEFAULT_LIMITS) {
  const problems: ImportProblem[] = [];
  const rows = await parseXlsx('schools.xlsx', bytes, layer, limits, problems);
  return { rows, problems };
}

describe('parseXlsx', () => {
  it('reads numbers, formula results, rich text, hyperlinks, booleans and dates; errors count as blank', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['学校代码', '学校名称', '在校生数', '核定学位', '经度', '备注', '网址', '日期', '寄宿床位']);
      ws.addRow([
        'S1',
        { richText: [{ text: '衢州' }, { font: { bold: true }, text: '一小' }] },
        { formula: 'D2-60', result: 1140 },
        1200,
        118.87,
        true,
        { text: '官网', hyperlink: 'https://example.org' },
        new Date(Date.UTC(2024, 8, 1)),
        { error: '#DIV/0!' },
      ]);
    });
    const { rows, problems } = await xlsx(bytes);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        position: 2,
        values: { code: 'S1', name: '衢州一小', enrolment: 1140, approved_seats: 1200, lon: 118.87 },
        extra: { 备注: true, 网址: '官网', 日期: '2024-09-01T00:00:00.000Z' },
        geometry: null,
      },
    ]);
  });

  it('reads a formula whose result is text or an error', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['code', 'name', 'enrolment']);
      ws.addRow(['S1', { formula: 'CONCAT("一","小")', result: '一小' }, { formula: '1/0', result: { error: '#DIV/0!' } }]);
    });
    const { rows } = await xlsx(bytes);
    expect(rows?.[0].values).toEqual({ code: 'S1', name: '一小' });
  });

  it('treats a formula without a cached result as blank, not as an object', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['code', 'enrolment', '备注']);
      ws.addRow(['S1', { formula: '1+2' }, { formula: 'A2' }]);
    });
    const { rows, problems } = await xlsx(bytes);
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ position: 2, values: { code: 'S1' }, extra: {}, geometry: null }]);
  });

  it('skips blank rows but keeps worksheet row numbers; trims text cells; folds full-width headers', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['学校代码', '最大办学规模（班）', '学校\u3000名称']);
      ws.addRow(['S1', 24, ' 一小 ']);
      ws.addRow([]);
      ws.addRow(['  ', null, '']);
      ws.addRow(['S2', 30, '二小']);
    });
    const { rows, problems } = await xlsx(bytes);
    expect(problems).toEqual([]);
    expect(rows?.map((r) => [r.position, r.values])).toEqual([
      [2, { code: 'S1', max_classes: 24, name: '一小' }],
      [5, { code: 'S2', max_classes: 30, name: '二小' }],
    ]);
  });

  it('reports two columns mapping to one field on the header row', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['在校生数', 'enrollment']);
      ws.addRow([1, 1]);
    });
    expect((await xlsx(bytes)).problems).toEqual([
      { file: 'schools.xlsx', row: 1, field: 'enrolment', message: 'columns 1 and 2 both map to "enrolment"' },
    ]);
  });

  it('reads only the first worksheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRows([['code'], ['S1']]);
    wb.addWorksheet('b').addRows([['code'], ['S9']]);
    const { rows } = await xlsx(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows?.map((r) => r.values.code)).toEqual(['S1']);
  });

  it('refuses an empty first worksheet', async () => {
    const { rows, problems } = await xlsx(await workbook(() => undefined));
    expect(rows).toBeNull();
    expect(problems).toEqual([{ file: 'schools.xlsx', message: 'the first worksheet is empty: no header row' }]);
  });

  it('refuses more rows than the limit', async () => {
    const bytes = await workbook((ws) => ws.addRows([['code'], ['S1'], ['S2'], ['S3']]));
    const { rows, problems } = await xlsx(bytes, 'schools', { ...DEFAULT_LIMITS, maxRows: 2 });
    expect(rows).toBeNull();
    expect(problems).toEqual([{ file: 'schools.xlsx', message: '3 rows: over the limit of 2' }]);
  });

  it('refuses bytes that are not a workbook', async () => {
    const { rows, problems } = await xlsx(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(rows).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^not a readable XLSX workbook: /);
  });

  it('refuses a truncated workbook', async () => {
    const bytes = await workbook((ws) => ws.addRows([['code'], ['S1']]));
    const { rows, problems } = await xlsx(bytes.subarray(0, bytes.length - 64));
    expect(rows).toBeNull();
    expect(problems[0].message).toMatch(/^not a readable XLSX workbook: /);
  });
});
