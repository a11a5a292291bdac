import { csvCell, toCsv } from './export-tables';

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
    expect([csvCell(-5), csvCell(0.25), csvCell('衢州一小'), csvCell('a,b'), csvCell(null), csvCell({ a: 1 })]).toEqual(['-5', '0.25', '衢州一小', '"a,b"', '', '"{""a"":1}"']);
  });

  it('neutralises every cell of an exported table', () => {
    const csv = toCsv([{ code: 'S1', name: '=1+1', seatGap: -12 }], 'en');
    expect(csv.split('\n')[1]).toBe("S1,'=1+1,-12");
  });
});
