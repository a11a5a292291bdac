import type { Model, Row } from './model';

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
  /** Rows of {@link Model.lazyRows}, kept out of the matrix above, in the same CSR form. */
  lazy?: { numRows: number; rowLower: Float64Array; rowUpper: Float64Array; starts: Int32Array; indices: Int32Array; values: Float64Array };
}

function packRows(rows: readonly Row[]) {
  let nnz = 0;
  for (const row of rows) nnz += row.indices.length;
  const starts = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const rowLower = new Float64Array(rows.length);
  const rowUpper = new Float64Array(rows.length);
  let k = 0;
  rows.forEach((row, i) => {
    starts[i] = k;
    rowLower[i] = row.lower;
    rowUpper[i] = row.upper;
    for (let t = 0; t < row.indices.length; t++, k++) {
      indices[k] = row.indices[t];
      values[k] = row.coefficients[t];
    }
  });
  starts[rows.length] = k;
  return { numRows: rows.length, starts, indices, values, rowLower, rowUpper };
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
  const lazyAllowed = model.isMip && model.lazyRows.size > 0;
  const rows = lazyAllowed ? model.rows.filter((_, i) => !model.lazyRows.has(i)) : model.rows;
  const main = packRows(rows);
  const arrays: HighsArrays = {
    numCols: model.variableCount,
    numRows: main.numRows,
    sense: model.sense,
    colCost: Float64Array.from(model.objective),
    colLower: Float64Array.from(model.lower),
    colUpper: Float64Array.from(model.upper),
    rowLower: main.rowLower,
    rowUpper: main.rowUpper,
    starts: main.starts,
    indices: main.indices,
    values: main.values,
    integrality: Int32Array.from(model.integer, (isInt) => (isInt ? 1 : 0)),
  };
  if (lazyAllowed) arrays.lazy = packRows(model.rows.filter((_, i) => model.lazyRows.has(i)));
  return arrays;
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
    ...(arrays.lazy ? [arrays.lazy.rowLower, arrays.lazy.rowUpper, arrays.lazy.starts, arrays.lazy.indices, arrays.lazy.values] : []),
  ].map((a) => a.buffer as ArrayBuffer);
}
