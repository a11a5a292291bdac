import { RecentMap } from './recent-map';

describe('RecentMap', () => {
  it('keeps the most recently used entries, a read counting as a use', () => {
    const m = new RecentMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1);
    m.set('c', 3);
    expect([...m.keys()]).toEqual(['a', 'c']);
    expect(m.get('b')).toBeUndefined();
    m.set('a', 10);
    m.set('d', 4);
    expect([...m.keys()]).toEqual(['a', 'd']);
    expect(m.get('a')).toBe(10);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RecentMap(0)).toThrow('capacity must be a positive integer, got 0');
    expect(() => new RecentMap(1.5)).toThrow(RangeError);
  });
});
