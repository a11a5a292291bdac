'use strict';
/*
 * Runs one raw solver call off the main thread and posts the raw answer back.
 * Plain JavaScript on purpose: a Worker loads this file directly, identically under ts-node, ts-jest and
 * compiled output. The parent interprets, verifies and times the answer; it kills this thread on time-out.
 *
 * Request:  { kind: 'highs', lp?: string, arrays?: object, options: object, isMip: boolean, progress?: boolean,
 *           interrupt?: Int32Array (shared; 1 = stop), start?: Float64Array (a feasible column vector to try first),
 *           wasmModule?: WebAssembly.Module (HiGHS compiled once per process) }
 *         | { kind: 'jsLpSolver', model: object }
 * Response: { ok: true, raw: object, solveMs: number } | { ok: false, message: string }
 * Interim:  { interim: { progress: { incumbent, bound, gap, runningTime } } } while HiGHS runs (request.progress)
 */
const { parentPort, workerData } = require('node:worker_threads');

// Interim progress is posted at most this often (plus every new incumbent); the parent re-emits the last one.
const PROGRESS_EVERY_MS = 250;

/*
 * The callbacks of one HiGHS run. The run blocks this thread, so they are the only place to see progress and the
 * shared interrupt flag; postMessage from inside them is delivered to the parent at once.
 */
function runCallbacks(highs, request) {
  const types = highs.constants.callbackType;
  const flag = request.interrupt;
  const stopRequested = () => flag !== undefined && Atomics.load(flag, 0) === 1;
  const callbacks = {};
  let lastPost = 0;
  const post = (data, force) => {
    if (!request.progress) return;
    const now = Date.now();
    if (!force && now - lastPost < PROGRESS_EVERY_MS) return;
    lastPost = now;
    const finite = (v) => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e300 ? v : null);
    parentPort.postMessage({
      interim: {
        progress: {
          incumbent: finite(data.mip_primal_bound),
          bound: finite(data.mip_dual_bound),
          gap: finite(data.mip_gap),
          runningTime: finite(data.running_time),
        },
      },
    });
  };
  callbacks[types.mipInterrupt] = (event) => {
    post(event.data, false);
    if (stopRequested()) event.interrupt();
  };
  callbacks[types.simplexInterrupt] = (event) => {
    if (stopRequested()) event.interrupt();
  };
  if (request.progress) callbacks[types.mipImprovingSolution] = (event) => post(event.data, true);
  return callbacks;
}

/*
 * Cutting-plane rounds on the lazy rows: solve the LP relaxation, add every lazy row it violates, re-solve (warm,
 * the basis survives addRows) until none is violated. Returns the arrays with those rows appended.
 */
function addViolatedLazyRows(highs, a, options, request) {
  const lazy = a.lazy;
  const lp = highs.createModel(toModelData(highs, Object.assign({}, a, { integrality: new Int32Array(a.numCols) })));
  const added = new Uint8Array(lazy.numRows);
  const rows = [];
  try {
    lp.options.set({ output_flag: false, time_limit: options.time_limit === undefined ? Infinity : options.time_limit });
    const callbacks = runCallbacks(highs, request);
    for (;;) {
      lp.run(callbacks);
      if (lp.getModelStatus() !== 7) break;
      // Every round's LP optimum bounds the MIP optimum (a relaxation of a relaxation).
      if (request.progress)
        parentPort.postMessage({ interim: { progress: { incumbent: null, bound: lp.getObjectiveValue(), gap: null, runningTime: null } } });
      const x = lp.getSolution().colValue;
      const fresh = [];
      for (let r = 0; r < lazy.numRows; r++) {
        if (added[r]) continue;
        let activity = 0;
        for (let k = lazy.starts[r]; k < lazy.starts[r + 1]; k++) activity += lazy.values[k] * x[lazy.indices[k]];
        const tol = 1e-6;
        if (
          activity > lazy.rowUpper[r] + tol * Math.max(1, Math.abs(lazy.rowUpper[r])) ||
          activity < lazy.rowLower[r] - tol * Math.max(1, Math.abs(lazy.rowLower[r]))
        )
          fresh.push(r);
      }
      if (fresh.length === 0) break;
      const starts = new Int32Array(fresh.length + 1);
      let nnz = 0;
      fresh.forEach((r, i) => {
        starts[i] = nnz;
        nnz += lazy.starts[r + 1] - lazy.starts[r];
      });
      starts[fresh.length] = nnz;
      const indices = new Int32Array(nnz);
      const values = new Float64Array(nnz);
      const lower = new Float64Array(fresh.length);
      const upper = new Float64Array(fresh.length);
      fresh.forEach((r, i) => {
        added[r] = 1;
        rows.push(r);
        lower[i] = lazy.rowLower[r];
        upper[i] = lazy.rowUpper[r];
        indices.set(lazy.indices.subarray(lazy.starts[r], lazy.starts[r + 1]), starts[i]);
        values.set(lazy.values.subarray(lazy.starts[r], lazy.starts[r + 1]), starts[i]);
      });
      lp.addRows({ lower, upper, matrix: { format: 'csr', numRows: fresh.length, numCols: a.numCols, starts, indices, values } });
    }
  } finally {
    lp.dispose();
  }
  let nnz = a.starts[a.numRows];
  for (const r of rows) nnz += lazy.starts[r + 1] - lazy.starts[r];
  const numRows = a.numRows + rows.length;
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  starts.set(a.starts.subarray(0, a.numRows + 1));
  indices.set(a.indices.subarray(0, a.starts[a.numRows]));
  values.set(a.values.subarray(0, a.starts[a.numRows]));
  rowLower.set(a.rowLower);
  rowUpper.set(a.rowUpper);
  let k = a.starts[a.numRows];
  rows.forEach((r, i) => {
    const row = a.numRows + i;
    rowLower[row] = lazy.rowLower[r];
    rowUpper[row] = lazy.rowUpper[r];
    indices.set(lazy.indices.subarray(lazy.starts[r], lazy.starts[r + 1]), k);
    values.set(lazy.values.subarray(lazy.starts[r], lazy.starts[r + 1]), k);
    k += lazy.starts[r + 1] - lazy.starts[r];
    starts[row + 1] = k;
  });
  return Object.assign({}, a, { numRows, starts, indices, values, rowLower, rowUpper, lazy: undefined });
}

async function solveHighs(request) {
  // A module compiled once in the parent (request.wasmModule) shares its machine code, including the optimised
  // tier V8 builds while HiGHS runs, with every solve of the process instead of compiling it again per worker.
  const highs = await require('highs')(request.wasmModule !== undefined ? { wasmModule: request.wasmModule } : {});
  const options = Object.assign({}, request.options);
  let arrays = request.arrays;
  if (arrays !== undefined && arrays.lazy !== undefined && request.isMip) {
    const before = Date.now();
    arrays = addViolatedLazyRows(highs, arrays, options, request);
    if (request.interrupt !== undefined && Atomics.load(request.interrupt, 0) === 1) throw new Error('interrupted');
    if (options.time_limit !== undefined) options.time_limit = Math.max(1, options.time_limit - (Date.now() - before) / 1000);
  }
  const source = request.lp !== undefined ? { format: 'lp', data: request.lp } : toModelData(highs, arrays);
  const model = highs.createModel(source);
  try {
    model.options.set(Object.assign({ output_flag: false }, options));
    if (request.start !== undefined && request.start.length === model.getDimensions().numCols) {
      // Warm start: HiGHS checks the vector and keeps it as the first incumbent only if it is feasible.
      model.setSolution({ colValue: request.start });
    }
    const started = Date.now();
    model.run(runCallbacks(highs, request));
    const solveMs = Date.now() - started;
    const status = model.getModelStatus();
    const primalStatus = model.info.get('primal_solution_status');
    const raw = { status, primalStatus, objective: null, values: null, names: null, mipGap: null, mipDualBound: null, nodes: null };
    if (Number(primalStatus) === 2) {
      raw.objective = model.getObjectiveValue();
      raw.values = model.getSolution().colValue;
      if (request.lp !== undefined) {
        // The LP reader numbers columns by first appearance, so names are the only reliable key.
        raw.names = [];
        for (let j = 0; j < raw.values.length; j++) raw.names.push(model.getColName(j));
      }
    }
    if (request.isMip) {
      raw.mipGap = Number(model.info.get('mip_gap'));
      raw.mipDualBound = Number(model.info.get('mip_dual_bound'));
      raw.nodes = Number(model.info.get('mip_node_count'));
    }
    return { raw, solveMs };
  } finally {
    model.dispose();
  }
}

function toModelData(highs, a) {
  return {
    numCols: a.numCols,
    numRows: a.numRows,
    sense: a.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    colCost: a.colCost,
    colLower: a.colLower,
    colUpper: a.colUpper,
    rowLower: a.rowLower,
    rowUpper: a.rowUpper,
    matrix: { format: 'csr', numRows: a.numRows, numCols: a.numCols, starts: a.starts, indices: a.indices, values: a.values },
    integrality: a.integrality,
  };
}

function solveJsLpSolver(request) {
  const loaded = require('javascript-lp-solver');
  const solver = loaded.default || loaded;
  const started = Date.now();
  const result = solver.Solve(request.model);
  return { raw: result, solveMs: Date.now() - started };
}

async function main() {
  const request = workerData;
  try {
    const answer = request.kind === 'highs' ? await solveHighs(request) : solveJsLpSolver(request);
    parentPort.postMessage({ ok: true, raw: answer.raw, solveMs: answer.solveMs });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}

main();
