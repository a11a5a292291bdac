import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { DEFAULT_LIMITS } from './limits';
import { formatNotice, formatProblem } from './problems';
import { readImportFiles, type ReadOptions } from './read-files';

// Files as an education bureau makes them: a merged title row, units in the headers, a grouped header, totals and
// sign-off lines at the bottom, numbers written with units and full-width digits.
const OPTS: ReadOptions = { limits: DEFAULT_LIMITS, previousRegion: null };
const TITLE = '衢州市柯城区2024学年中小学校基本情况统计表';

async function xlsx(build: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Sheet1'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The school list of the issue: title merged over A1:K1, a note row, header on row 3 with units, 合计 and 备注. */
async function unitsWorkbook(): Promise<Buffer> {
  return xlsx((ws) => {
    ws.addRow([TITLE]);
    ws.mergeCells('A1:K1');
    ws.addRow(['填报单位：柯城区教育局', null, null, null, null, null, null, null, null, '单位：人、个']);
    ws.addRow([
      '学校代码',
      '学校名称',
      '学段',
      '办学性质',
      '经度',
      '纬度',
      '在校生数\n（人）',
      '班级数（个）',
      '核定学位（个）',
      '教职工数(人)',
      '所属学区',
    ]);
    ws.addRow(['3330000001', '柯城区实验小学', '完小', '公办', 118.8701, 28.9402, '412人', '１２', '1,350', 40, '城区学区']);
    ws.addRow([
      '3330000002',
      '衢州市第二初级中学',
      '初级中学',
      '公办',
      '118°54′05″',
      '28°56′24″',
      '１，２０４',
      '24班',
      1200,
      '96人',
      '城区学区',
    ]);
    ws.addRow(['3330000003', '石梁镇中心小学', '小学部、初中部', '公办', '118.9015°', 28.99, 360, 12, 540, 38, '石梁学区']);
    ws.addRow(['合计', null, null, null, null, null, 1976, 48, 3090, 174, null]);
    ws.addRow(['备注：本表数据截至2024年9月1日，学位数以教育局核定为准。']);
    ws.mergeCells('A8:K8');
    ws.addRow(['填表人：王芳', null, null, '审核：李明', null, null, '制表日期：2024-09-10']);
  });
}

describe('a bureau school list (XLSX with a merged title, units in headers, totals and notes)', () => {
  it('finds the header on row 3, reads the units away and stores the real classes, seats and teachers', async () => {
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes: await unitsWorkbook() }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual([]);
    const schools = res.records.schools!;
    expect(schools.map((s) => [s.code, s.stages, s.enrolment, s.classes, s.approvedSeats, s.teachers])).toEqual([
      ['3330000001', ['primary'], 412, 12, 1350, 40],
      ['3330000002', ['junior'], 1204, 24, 1200, 96],
      ['3330000003', ['primary', 'junior'], 360, 12, 540, 38],
    ]);
    expect(schools[1].lon).toBeCloseTo(118 + 54 / 60 + 5 / 3600, 9);
    expect(schools[1].lat).toBeCloseTo(28 + 56 / 60 + 24 / 3600, 9);
    expect(schools[2].lon).toBe(118.9015);
    expect(schools[0].attributes).toEqual({ 所属学区: '城区学区' });
    expect(res.locations.get('schools:3330000001')).toEqual({ file: 'schools.xlsx', row: 4 });
    expect(res.layouts['schools.xlsx'].headerRows).toEqual([3]);
    expect(res.layouts['schools.xlsx'].skipped).toEqual([
      { row: 1, reason: `above the header: "${TITLE}"` },
      { row: 2, reason: 'above the header: "填报单位：柯城区教育局"' },
      { row: 7, reason: 'footer row "合计"' },
      { row: 8, reason: 'footer row "备注：本表数据截至2024年9月1日，学位数以教育局核定为准。"' },
      { row: 9, reason: 'footer row "填表人：王芳"' },
    ]);
    expect(res.notices.map(formatNotice)).toEqual([
      'schools.xlsx row 3: header found on row 3; 2 row(s) above it skipped',
      'schools.xlsx row 3 [enrolment]: column 7 "在校生数\n（人）" read as enrolment (unit 人 dropped)',
      'schools.xlsx row 3 [classes]: column 8 "班级数（个）" read as classes (unit 个 dropped)',
      'schools.xlsx row 3 [approved_seats]: column 9 "核定学位（个）" read as approved_seats (unit 个 dropped)',
      'schools.xlsx row 3 [teachers]: column 10 "教职工数(人)" read as teachers (unit 人 dropped)',
      'schools.xlsx row 3: column 11 "所属学区" is not a schools field: kept in attributes',
      'schools.xlsx row 7: footer row "合计" skipped',
      'schools.xlsx row 8: footer row "备注：本表数据截至2024年9月1日，学位数以教育局核定为准。" skipped',
      'schools.xlsx row 9: footer row "填表人：王芳" skipped',
      'schools.xlsx: no CRS declared: WGS-84 (EPSG:4326) assumed. Coordinates from AMap/高德, Tencent or DataV are ' +
        'GCJ-02 and from Baidu BD-09: declare them with --crs GCJ02 or --crs BD09',
      'schools.xlsx row 4 [enrolment]: a unit after the number dropped (人, 个, 班, 所, 间 ...): 3 cell(s), first "412人"',
      'schools.xlsx row 4 [classes]: full-width digits or signs read as ASCII: 2 cell(s), first "１２"',
      'schools.xlsx row 4 [approved_seats]: thousands separators removed: 2 cell(s), first "1,350"',
      'schools.xlsx row 5 [lon]: degrees, minutes, seconds converted to decimal degrees: 2 cell(s), first "118°54′05″"',
      'schools.xlsx row 6 [lon]: degree signs dropped from decimal degrees: 1 cell(s), first "118.9015°"',
      'schools.xlsx row 4 [boarding_places]: boarding_places not given in 3 row(s): stored as 0 boarding places',
    ]);
  });

  it('refuses an unreadable optional count instead of storing 0, naming row, school and field', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数', '核定学位（个）']);
      ws.addRow(['S1', '一小', '小学', '公办', 118.87, 28.94, 300, '约400']);
    });
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual(['schools.xlsx row 2 (S1) [approved_seats]: "约400" is not a number']);
    expect(res.records.schools).toEqual([]);
  });

  it('refuses a column in a scaling unit (万元) rather than storing a value 10 000 times too small', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数', '教学仪器设备值（万元）']);
      ws.addRow(['S1', '一小', '小学', '公办', 118.87, 28.94, 300, 85.5]);
    });
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual([
      'schools.xlsx row 1: column 8 "教学仪器设备值（万元）": equipment_value_cny is in plain units, not 万元: convert the column or drop the unit',
    ]);
  });

  it('says the header row was not found instead of reporting every row as missing fields', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow([TITLE]);
      ws.addRow(['序号', '单位', '人数']);
      ws.addRow([1, '一小', 300]);
    });
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual([
      'schools.xlsx: header row not found in the first 3 rows: no column is named like a schools field (e.g. 学校代码, ' +
        '学校名称, 学段, 办学性质; see docs/import-formats.md)',
    ]);
  });
});

describe('a two-row header (在校生数 merged over 一年级 … 六年级)', () => {
  async function grouped(): Promise<Buffer> {
    return xlsx((ws) => {
      ws.addRow([TITLE]);
      ws.mergeCells('A1:N1');
      ws.addRow([
        '学校代码',
        '学校名称',
        '学段',
        '办学性质',
        '经度',
        '纬度',
        '在校生数',
        null,
        null,
        null,
        null,
        null,
        null,
        '班级数（个）',
      ]);
      ws.addRow([null, null, null, null, null, null, '合计', '一年级', '二年级', '三年级', '四年级', '五年级', '六年级', null]);
      for (const c of ['A', 'B', 'C', 'D', 'E', 'F', 'N']) ws.mergeCells(`${c}2:${c}3`);
      ws.mergeCells('G2:M2');
      ws.addRow(['S1', '柯城区实验小学', '小学', '公办', 118.87, 28.94, 270, 50, 45, 45, 45, 40, 45, 6]);
      ws.addRow(['小计', null, null, null, null, null, 270]);
    });
  }

  it('resolves each grade column into its field and the 合计 column into the total', async () => {
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes: await grouped() }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual([]);
    const [s] = res.records.schools!;
    expect(s.enrolment).toBe(270);
    expect(s.enrolmentByGrade).toEqual({ 1: 50, 2: 45, 3: 45, 4: 45, 5: 40, 6: 45 });
    expect(s.classes).toBe(6);
    expect(res.locations.get('schools:S1')).toEqual({ file: 'schools.xlsx', row: 4 });
    const layout = res.layouts['schools.xlsx'];
    expect(layout.headerRows).toEqual([2, 3]);
    expect(layout.columns.slice(6).map((c) => `${c.source} -> ${c.field}`)).toEqual([
      '在校生数/合计 -> enrolment',
      '在校生数/一年级 -> enrol_g1',
      '在校生数/二年级 -> enrol_g2',
      '在校生数/三年级 -> enrol_g3',
      '在校生数/四年级 -> enrol_g4',
      '在校生数/五年级 -> enrol_g5',
      '在校生数/六年级 -> enrol_g6',
      '班级数（个） -> classes',
    ]);
    expect(res.notices.map(formatNotice).slice(0, 1)).toEqual([
      'schools.xlsx row 2: header found on rows 2 and 3 (two-row header); 1 row(s) above it skipped',
    ]);
    expect(layout.skipped).toEqual([
      { row: 1, reason: `above the header: "${TITLE}"` },
      { row: 5, reason: 'footer row "小计"' },
    ]);
  });

  it('reads the same sheet saved by Excel as GBK CSV with CRLF (merged cells left blank)', async () => {
    const lines = [
      `${TITLE},,,,,,,,,,,,,`,
      '学校代码,学校名称,学段,办学性质,经度,纬度,在校生数,,,,,,,班级数（个）',
      ',,,,,,合计,一年级,二年级,三年级,四年级,五年级,六年级,',
      'S1,柯城区实验小学,小学,公办,118.87,28.94,270,50,45,45,45,40,45,6',
      ',,,,,,,,,,,,,',
      '小计,,,,,,270,,,,,,,',
      '"备注：1. 数据截至2024年9月1日；2. 学位数以核定为准。",,,,,,,,,,,,,',
    ];
    const bytes = iconv.encode(lines.join('\r\n') + '\r\n', 'gbk');
    const res = await readImportFiles([{ name: 'schools.csv', bytes }], OPTS);
    expect(res.files[0].encoding).toBe('gb18030');
    expect(res.problems.map(formatProblem)).toEqual([]);
    const [s] = res.records.schools!;
    expect([s.code, s.enrolment, s.classes, s.enrolmentByGrade]).toEqual(['S1', 270, 6, { 1: 50, 2: 45, 3: 45, 4: 45, 5: 40, 6: 45 }]);
    expect(res.locations.get('schools:S1')).toEqual({ file: 'schools.csv', row: 4 });
    expect(res.layouts['schools.csv'].skipped).toEqual([
      { row: 1, reason: `above the header: "${TITLE}"` },
      { row: 6, reason: 'footer row "小计"' },
      { row: 7, reason: 'footer row "备注：1. 数据截至2024年9月1日；2. 学位数以核定为准。"' },
    ]);
  });
});

describe('school types (教学点 and its central school) and years', () => {
  it('stores a teaching point as its own school type linked to its central school; reads Excel date serials as years', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数', '所属中心校代码', '建校年份']);
      ws.addRow(['S1', '石梁镇中心小学', '九年一贯', '公办', 118.87, 28.94, 600, null, 38596]);
      ws.addRow(['S1-1', '石梁镇坑口教学点', '教学点', '公办', 118.9, 28.97, 18, 'S1', '1985年']);
      ws.addRow(['K1', '石梁镇中心小学附设幼儿班', '附设幼儿班', '公办', 118.87, 28.94, 25, null, null]);
      ws.addRow(['T1', '衢州市第一中学', '十二年一贯制学校', '公办', 118.87, 28.94, 3000, null, new Date(Date.UTC(1998, 8, 1))]);
    });
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual([]);
    expect(res.records.schools!.map((s) => [s.code, s.stages, s.attributes, s.openYear])).toEqual([
      ['S1', ['primary', 'junior'], {}, 2005],
      ['S1-1', ['primary'], { schoolType: 'teaching_point', centralSchoolCode: 'S1' }, 1985],
      ['K1', ['kindergarten'], { schoolType: 'attached_kindergarten_class' }, null],
      ['T1', ['primary', 'junior', 'senior'], {}, 1998],
    ]);
    expect(res.notices.filter((n) => n.kind === 'value_normalised').map(formatNotice)).toEqual([
      'schools.xlsx row 2 [open_year]: Excel date serials read as their year: 1 cell(s), first "38596"',
      'schools.xlsx row 5 [open_year]: dates read as their year: 1 cell(s), first "1998-09-01T00:00:00.000Z"',
    ]);
  });

  it('refuses a year before 1949 written as a date', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数', '建校年份']);
      ws.addRow(['T1', '衢州市第一中学', '高级中学', '公办', 118.87, 28.94, 3000, new Date(Date.UTC(1902, 8, 1))]);
    });
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual(['schools.xlsx row 2 (T1) [open_year]: 1902 is below the minimum 1949']);
  });

  it('refuses a central school on a school that is not a teaching point', async () => {
    const bytes = await xlsx((ws) => {
      ws.addRow(['学校代码', '学校名称', '学段', '办学性质', '经度', '纬度', '在校生数', '中心校代码']);
      ws.addRow(['S2', '二小', '小学', '公办', 118.87, 28.94, 300, 'S1']);
    });
    const res = await readImportFiles([{ name: 'schools.xlsx', bytes }], OPTS);
    expect(res.problems.map(formatProblem)).toEqual([
      'schools.xlsx row 2 (S2) [central_school_code]: only a teaching point (教学点) names a central school; this school\'s 学段 is "小学"',
    ]);
  });
});
