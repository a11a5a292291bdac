import type { Model } from './model';

/** The model as flat typed arrays (CSR rows), the cheapest form to move into a worker and into HiGHS. */
export interface HighsArrays {
  numCols: number;
  numRows: number;
  sense: 'min' | 'max';
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  integrality: Int32Array;
}

/**
 * Packs the model for HiGHS' structured input. Unlike LP text this needs no parsing and keeps columns in
 * variable-index order, which matters at city scale (LP parsing of a 160,000-arc model costs about a second).
 *
 * @example
 * const arrays = toHighsArrays(model);
 * arrays.numCols === model.variableCount; // true
 */
export function toHighsArrays(model: Model): HighsArrays {
  const numRows = model.rowCount;
  let nnz = 0;
  for (const row of model.rows) nnz += row.indices.length;
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  let k = 0;
  model.rows.forEach((row, i) => {
    starts[i] = k;
    rowLower[i] = row.lower;
    rowUpper[i] = row.upper;
    for (let t = 0; t < row.indices.length; t++, k++) {
      indices[k] = row.indices[t];
      values[k] = row.coefficients[t];
    }
  });
  starts[numRows] = k;
  return {
    numCols: model.variableCount,
    numRows,
    sense: model.sense,
    colCost: Float64Array.from(model.objective),
    colLower: Float64Array.from(model.lower),
    colUpper: Float64Array.from(model.upper),
    rowLower,
    rowUpper,
    starts,
    indices,
    values,
    integrality: Int32Array.from(model.integer, (isInt) => (isInt ? 1 : 0)),
  };
}

/** The underlying buffers, for a zero-copy transfer to the worker. */
export function highsArrayBuffers(arrays: HighsArrays): ArrayBuffer[] {
  return [
    arrays.colCost,
    arrays.colLower,
    arrays.colUpper,
    arrays.rowLower,
    arrays.rowUpper,
    arrays.starts,
    arrays.indices,
    arrays.values,
    arrays.integrality,
  ].map((a) => a.buffer as ArrayBuffer);
}
