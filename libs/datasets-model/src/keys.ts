import type { DatasetRecords, Layer } from '@app/domain';

type RecordOf<L extends Layer> = DatasetRecords[L][number];

/** The identity of a record within its layer: what "the same row" means across versions. */
export const LAYER_KEY: { [L in Layer]: (r: RecordOf<L>) => string } = {
  areas: (r) => r.code,
  districts: (r) => r.code,
  schools: (r) => r.code,
  catchments: (r) => r.code,
  units: (r) => r.code,
  population: (r) => `${r.unitCode}/${r.year}/${r.population}`,
  births: (r) => `${r.areaCode}/${r.year}`,
  housing: (r) => r.code,
  roads: (r) => r.code,
};

/** Key of any record of a layer. */
export function keyOf(layer: Layer, record: unknown): string {
  return (LAYER_KEY[layer] as (r: unknown) => string)(record);
}
