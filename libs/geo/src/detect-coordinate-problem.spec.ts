import { QUZHOU_BBOX } from './constants';
import { detectCoordinateProblem, detectPositionProblem } from './detect-coordinate-problem';
import type { Polygon } from 'geojson';

const where = { bbox: QUZHOU_BBOX };

describe('detectCoordinateProblem', () => {
  it('accepts a plausible Quzhou point', () => {
    expect(detectCoordinateProblem(118.87, 28.94, where)).toBeNull();
    expect(detectPositionProblem([118.87, 28.94], where)).toBeNull();
  });

  it('spots swapped lat/lon, with and without a region', () => {
    expect(detectCoordinateProblem(28.94, 118.87, where)).toMatchObject({ kind: 'swapped', corrected: [118.87, 28.94] });
    // Without a region only an impossible latitude gives it away.
    expect(detectCoordinateProblem(28.94, 118.87)).toMatchObject({ kind: 'swapped' });
    expect(detectCoordinateProblem(28.94, 18.87)).toBeNull();
  });

  it('spots projected metres and names the CRSs that would fit the region', () => {
    expect(detectCoordinateProblem(389665, 3203995, where)).toMatchObject({ kind: 'projected_as_degrees', candidates: ['EPSG:4549'] });
    expect(detectCoordinateProblem(682150, 3204905, where)).toMatchObject({
      kind: 'projected_as_degrees',
      candidates: ['EPSG:4548', 'EPSG:4509'],
    });
    expect(detectCoordinateProblem(20682150, 3204905, where)).toMatchObject({ kind: 'projected_as_degrees', candidates: ['EPSG:4498'] });
    // Metres from somewhere else entirely: still metres, but no CRS puts them in Quzhou.
    expect(detectCoordinateProblem(500000, 4000000, where)).toMatchObject({ kind: 'projected_as_degrees', candidates: [] });
    expect(detectCoordinateProblem(389665, 3203995)).toMatchObject({ kind: 'projected_as_degrees', candidates: [] });
  });

  it('reports out-of-range degrees and non-finite values', () => {
    expect(detectCoordinateProblem(200.5, 28.9, where)?.kind).toBe('out_of_range');
    expect(detectCoordinateProblem(118.9, -95)?.kind).toBe('out_of_range');
    expect(detectCoordinateProblem(NaN, 28.9, where)?.kind).toBe('non_finite');
    expect(detectCoordinateProblem(118.9, Infinity)?.kind).toBe('non_finite');
  });

  it('reports points outside the bbox and, when given, outside the boundary polygon', () => {
    expect(detectCoordinateProblem(120.155, 30.274, where)?.kind).toBe('outside_region');
    // A triangle filling the south-west half of the bbox: its north-east corner is in the bbox but outside the region.
    const region: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [118.0, 28.2],
          [119.3, 28.2],
          [118.0, 29.5],
          [118.0, 28.2],
        ],
      ],
    };
    expect(detectCoordinateProblem(119.2, 29.4, { bbox: QUZHOU_BBOX, region })?.kind).toBe('outside_region');
    expect(detectCoordinateProblem(118.2, 28.4, { region })).toBeNull();
  });

  it('explains itself in the message', () => {
    expect(detectCoordinateProblem(389665, 3203995, where)?.message).toMatch(/projected metres.*EPSG:4549/);
  });
});
