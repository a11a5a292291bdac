'use strict';
/*
 * Runs one raw solver call off the main thread and posts the raw answer back.
 * Plain JavaScript on purpose: a Worker loads this file directly, identically under ts-node, ts-jest and
 * compiled output. The parent interprets, verifies and times the answer; it kills this thread on time-out.
 *
 * Request:  { kind: 'highs', lp?: string, arrays?: object, options: object }
 *         | { kind: 'jsLpSolver', model: object }
 * Response: { ok: true, raw: object, solveMs: number } | { ok: false, message: string }
 */
const { parentPort, workerData } = require('node:worker_threads');

async function solveHighs(request) {
  const highs = await require('highs')();
  const source = request.lp !== undefined ? { format: 'lp', data: request.lp } : toModelData(highs, request.arrays);
  const model = highs.createModel(source);
  try {
    model.options.set(Object.assign({ output_flag: false }, request.options));
    const started = Date.now();
    model.run();
    const solveMs = Date.now() - started;
    const status = model.getModelStatus();
    const primalStatus = model.info.get('primal_solution_status');
    const raw = { status, primalStatus, objective: null, values: null, names: null, mipGap: null, mipDualBound: null };
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
