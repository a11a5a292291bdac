import { featurePolygonProblems } from './feature-polygon-problems';
import { validatePolygon } from './validate-polygon';

describe('featurePolygonProblems', () => {
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    ],
  };
  const bowtie = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ],
  };
  const text = JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: square },
      { type: 'Feature', geometry: null },
      { type: 'Feature', geometry: bowtie },
    ],
  });

  it('validates the chosen features of the text, by index, as validatePolygon does', () => {
    expect(featurePolygonProblems(text, [0, 2])).toEqual([
      [0, []],
      [2, validatePolygon(bowtie)],
    ]);
    expect(featurePolygonProblems(text, [2])[0][1].map((p) => [p.kind, p.at])).toEqual([['self_intersection', [0.5, 0.5]]]);
  });

  it('leaves out features without a geometry or missing, and answers nothing for text that is not a FeatureCollection', () => {
    expect(featurePolygonProblems(text, [1, 7])).toEqual([]);
    expect(featurePolygonProblems('{', [0])).toEqual([]);
    expect(featurePolygonProblems('{"type":"Feature"}', [0])).toEqual([]);
  });
});
