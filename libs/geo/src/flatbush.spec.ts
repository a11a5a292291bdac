import { loadFlatbush } from './flatbush';

describe('loadFlatbush', () => {
  it('loads the class once and it indexes, searches and ranks neighbours', () => {
    const Flatbush = loadFlatbush();
    expect(loadFlatbush()).toBe(Flatbush);
    const index = new Flatbush(3);
    index.add(0, 0, 1, 1);
    index.add(2, 2, 3, 3);
    index.add(0.5, 0.5, 2.5, 2.5);
    index.finish();
    expect(index.search(0.9, 0.9, 0.9, 0.9).sort()).toEqual([0, 2]);
    expect(index.search(5, 5, 6, 6)).toEqual([]);
    expect(index.neighbors(3.5, 3.5, 1)).toEqual([1]);
  });
});
