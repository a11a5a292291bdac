import { loadWorkbook } from '@app/testing';
import { csvCell, header, roundParts, roundPupils, toCsv, toWorkbook } from './export-tables';

describe('CSV export', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises the formula text %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('leaves numbers, including negative ones, and ordinary text as they are', () => {
    expect([csvCell(-5), csvCell(0.25), csvCell('衢州一小'), csvCell('a,b'), csvCell(null), csvCell({ a: 1 })]).toEqual([
      '-5',
      '0.25',
      '衢州一小',
      '"a,b"',
      '',
      '"{""a"":1}"',
    ]);
  });

  it('neutralises every cell of an exported table', () => {
    const csv = toCsv([{ code: 'S1', name: '=1+1', seatGap: -12 }], 'en');
    expect(csv.split('\n')[1]).toBe("S1,'=1+1,-12");
  });
});

describe('largest-remainder rounding', () => {
  it('rounds parts so that they add up to the rounded total', () => {
    expect(roundParts([10.4, 5.6, 0.4, 0.6])).toEqual([10, 6, 0, 1]);
    // Plain rounding would give 0 + 0 + 0 = 0 for a total of 1.2 -> 1.
    expect(roundParts([0.4, 0.4, 0.4])).toEqual([1, 0, 0]);
    // Three thirds of 100 pupils: 33.33 each, rounded 34 + 33 + 33 = 100.
    expect(roundParts([100 / 3, 100 / 3, 100 / 3])).toEqual([34, 33, 33]);
    expect(roundParts([2, 3, 5])).toEqual([2, 3, 5]);
    expect(roundParts([])).toEqual([]);
  });

  it('adds up on random splits of 1,000 villages', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 1000; t++) {
      const parts = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => rnd() * 80);
      const r = roundParts(parts);
      expect(r.reduce((a, b) => a + b, 0)).toBe(Math.round(parts.reduce((a, b) => a + b, 0)));
      r.forEach((x, i) => expect(Math.abs(x - parts[i])).toBeLessThan(1));
    }
  });

  it('rounds the pupils columns within groups and leaves other columns alone', () => {
    const rows = [
      { unitCode: 'U1', stage: 'primary', pupils: 10.4, pupils_2027: 9.5, travelAfterKm: 3.14 },
      { unitCode: 'U1', stage: 'primary', pupils: 5.6, pupils_2027: 9.5, travelAfterKm: 2.71 },
      { unitCode: 'U2', stage: 'primary', pupils: 0.4, pupils_2027: 0.4, travelAfterKm: 1 },
    ];
    const out = roundPupils(rows, (r) => String(r.unitCode));
    expect(out.map((r) => [r.pupils, r.pupils_2027, r.travelAfterKm])).toEqual([
      [10, 10, 3.14],
      [6, 9, 2.71],
      [0, 0, 1],
    ]);
    // The stored rows are not changed.
    expect(rows[0].pupils).toBe(10.4);
  });
});

describe('exports for Excel and QGIS', () => {
  it('writes Chinese values, whole counts and percentages in CSV', () => {
    const csv = toCsv(
      [
        {
          stage: 'junior',
          population: 'resident',
          level: 'yellow',
          moved: false,
          seats: 1329.5454,
          pupils: 12.000000000000002,
          utilisationResident: 0.8754,
        },
      ],
      'zh',
    );
    expect(csv.split('\n').slice(0, 2)).toEqual([
      '\ufeff学段,口径,预警等级,是否转移,学位数,学生数,常住学位使用率(%)',
      '初中,常住,黄色,否,1330,12,87.5',
    ]);
    expect(toCsv([{ stage: 'junior', moved: true }], 'en').split('\n')[1]).toBe('junior,yes');
    expect(header('townshipCode', 'zh')).toBe('乡镇(街道)代码');
    expect(header('pupils_2027', 'zh')).toBe('2027年学生数');
  });

  it('writes an XLSX with number formats, a frozen bold header, an autofilter and widths', async () => {
    const buf = await toWorkbook(
      [
        {
          name: '学校',
          rows: [{ name: '示例县甲街道小学', stage: 'primary', seats: 1080.4, utilisationResident: 0.9134, demandResident: 986.6 }],
        },
      ],
      'zh',
    );
    const wb = await loadWorkbook(buf);
    const ws = wb.getWorksheet('学校')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['名称', '学段', '学位数', '常住学位使用率', '常住需求(人)']);
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(['示例县甲街道小学', '小学', 1080, 0.9134, 987]);
    expect(ws.getCell('D2').numFmt).toBe('0.0%');
    expect(ws.getCell('C2').numFmt).toBe('#,##0');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.autoFilter).toBeTruthy();
    // A name of 8 Chinese characters is 16 columns wide, plus 2.
    expect(ws.getColumn(1).width).toBe(18);
  });
});
