import type { Feature, Polygon } from 'geojson';
import { findAllContaining, findContaining } from './find-containing';
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

describe('findContaining', () => {
  // Two villages sharing the edge x = 118.9, listed east first so index order differs from position.
  const features = [square(118.9, 28.9, 119.0, 29.0, 'east'), square(118.8, 28.9, 118.9, 29.0, 'west')];
  const index = buildPolygonIndex(features);

  it('finds the polygon strictly containing a point', () => {
    expect(findContaining(index, [118.85, 28.95])).toMatchObject({ index: 1, onBoundary: false });
    expect(findContaining(index, { type: 'Point', coordinates: [118.95, 28.95] })?.feature.properties?.code).toBe('east');
  });

  it('gives a point on a shared edge to the lowest index, flagged onBoundary', () => {
    expect(findContaining(index, [118.9, 28.95])).toMatchObject({ index: 0, onBoundary: true });
    expect(findAllContaining(index, [118.9, 28.95])).toEqual([0, 1]);
    // Same answer whatever the order the index was built in: the rule depends only on feature indices.
    const reversed = buildPolygonIndex([...features].reverse());
    expect(findContaining(reversed, [118.9, 28.95])).toMatchObject({ index: 0, onBoundary: true });
    expect(findContaining(reversed, [118.9, 28.95])?.feature.properties?.code).toBe('west');
  });

  it('prefers strict interior over another polygon whose boundary the point is on', () => {
    const overlapping = buildPolygonIndex([square(0, 0, 1, 1, 'edge'), square(0.5, 0, 2, 1, 'interior')]);
    expect(findContaining(overlapping, [1, 0.5])).toMatchObject({ index: 1, onBoundary: false });
  });

  it('returns null outside, for non-finite points, and in an empty index', () => {
    expect(findContaining(index, [119.5, 28.95])).toBeNull();
    expect(findContaining(index, [NaN, 28.95])).toBeNull();
    expect(findContaining(buildPolygonIndex([]), [118.85, 28.95])).toBeNull();
  });

  it('respects holes', () => {
    const holed: Feature<Polygon> = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [square(0, 0, 4, 4, '').geometry.coordinates[0], square(1, 1, 2, 2, '').geometry.coordinates[0]],
      },
    };
    const i = buildPolygonIndex([holed]);
    expect(findContaining(i, [1.5, 1.5])).toBeNull();
    expect(findContaining(i, [3, 3])).toMatchObject({ index: 0 });
  });
});
