import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { untyped } from '@app/testing';
import { buildPolygonIndex } from './polygon-index';

const square = (x0: number, y0: number, x1: number, y1: number, code: string): Feature<Polygon> => ({
  type: 'Feature',
  properties: { code },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  },
});

describe('buildPolygonIndex', () => {
  it('finds features by bbox, in ascending index order', () => {
    const features = [square(2, 2, 3, 3, 'c'), square(0, 0, 1, 1, 'a'), square(1, 0, 2, 1, 'b')];
    const index = buildPolygonIndex(features);
    expect(index.search([0.5, 0.5, 1.5, 0.6])).toEqual([1, 2]);
    expect(index.search([1, 1, 1, 1])).toEqual([1, 2]);
    expect(index.search([5, 5, 6, 6])).toEqual([]);
    expect(index.bboxes[0]).toEqual([2, 2, 3, 3]);
  });

  it('skips features without areal geometry or finite coordinates instead of failing', () => {
    const features = [
      square(0, 0, 1, 1, 'ok'),
      untyped<Feature<Polygon>>({ type: 'Feature', properties: {}, geometry: null }),
      untyped<Feature<Polygon>>({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }),
      { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[NaN, NaN]]] } } as Feature<Polygon>,
    ];
    const index = buildPolygonIndex(features);
    expect(index.skipped).toEqual([1, 2, 3]);
    expect(index.search([-1, -1, 2, 2])).toEqual([0]);
  });

  it('handles an empty layer and MultiPolygons', () => {
    expect(buildPolygonIndex([]).search([0, 0, 1, 1])).toEqual([]);
    const mp: Feature<MultiPolygon> = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'MultiPolygon',
        coordinates: [square(0, 0, 1, 1, '').geometry.coordinates, square(5, 5, 6, 6, '').geometry.coordinates],
      },
    };
    expect(buildPolygonIndex([mp]).bboxes[0]).toEqual([0, 0, 6, 6]);
  });

  it('does not copy or mutate the features', () => {
    const features = [square(0, 0, 1, 1, 'a')];
    const before = structuredClone(features);
    const index = buildPolygonIndex(features);
    expect(index.features[0]).toBe(features[0]);
    expect(features).toEqual(before);
  });
});
