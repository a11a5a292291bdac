import { readNumber, readYear } from './values';

describe('readNumber', () => {
  it.each([
    ['412', 412, []],
    ['４１２人', 412, ['full_width', 'unit']],
    ['1,350', 1350, ['thousands']],
    ['1，350', 1350, ['full_width', 'thousands']],
    ['12,345,678.5', 12345678.5, ['thousands']],
    ['24班', 24, ['unit']],
    ['3所', 3, ['unit']],
    ['40间', 40, ['unit']],
    ['12%', 0.12, ['percent']],
    ['－5', -5, ['full_width']],
    [' 7 ', 7, []],
  ] as const)('%j → %d', (raw, value, kinds) => {
    expect(readNumber(raw)).toEqual({ value, kinds });
  });

  it.each(['1,2', '1,23', '十二', '约400', '12人12', '', '°', '118°54′05″'])('refuses %j (no angle)', (raw) => {
    expect(readNumber(raw)).toBeNull();
  });

  it('reads angles only when asked: decimal degrees with a sign, DMS in ASCII, Unicode or Chinese, with hemisphere', () => {
    expect(readNumber('118.9015°', true)).toEqual({ value: 118.9015, kinds: ['degree'] });
    expect(readNumber('118°54′05″', true)?.value).toBeCloseTo(118.9013889, 7);
    expect(readNumber(`118°54'05"E`, true)?.value).toBeCloseTo(118.9013889, 7);
    expect(readNumber('28度56分24秒', true)).toEqual({ value: 28 + 56 / 60 + 24 / 3600, kinds: ['dms'] });
    expect(readNumber('118°54′', true)?.value).toBeCloseTo(118.9, 12);
    expect(readNumber('74°00′00″W', true)?.value).toBe(-74);
    expect(readNumber('118°61′00″', true)).toBeNull();
  });
});

describe('readYear', () => {
  it.each([
    [2005, 2005, []],
    ['2005年', 2005, []],
    [38596, 2005, ['excel_date']],
    ['38596', 2005, ['excel_date']],
    ['2005-09-01', 2005, ['date_as_year']],
    ['2005/9/1', 2005, ['date_as_year']],
    ['2005年9月', 2005, ['date_as_year']],
    ['2005-09-01T00:00:00.000Z', 2005, ['date_as_year']],
  ] as const)('%j → %d', (raw, value, kinds) => {
    expect(readYear(raw)).toEqual({ value, kinds });
  });

  it.each(['2005-13-01', '九五年', 'n/a'])('refuses %j', (raw) => expect(readYear(raw)).toBeNull());
});
