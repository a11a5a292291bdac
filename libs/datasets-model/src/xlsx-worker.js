// Worker thread of readXlsxSheet: reads one workbook off the API's event loop and posts the grid back in batches.
// Plain JavaScript so it starts without a TypeScript loader in the compiled build; from sources, worker-ts.js
// transpiles the reader (which imports only Node built-ins).
require('./worker-ts');
const { parentPort, workerData } = require('node:worker_threads');

const { bytes, limits, source } = workerData;

const { readXlsxSheetHere, sheetBatchRows } = require(source);

// The grid goes back in batches (sheetBatchRows), the next one when the reader asks for it: messages already
// queued arrive together, in one turn of the reader's loop.
function sendInBatches(grid) {
  const per = sheetBatchRows(grid, workerData.cellsPerMessage);
  let at = 0;
  const next = () => {
    const rows = grid.slice(at, at + per);
    at += rows.length;
    parentPort.postMessage({ ok: true, rows, done: at >= grid.length });
  };
  parentPort.on('message', next);
  next();
}

readXlsxSheetHere(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits).then(
  (result) => (result.ok ? sendInBatches(result.grid) : parentPort.postMessage(result)),
  (error) => parentPort.postMessage({ ok: false, message: `not a readable XLSX workbook: ${error.message}`, overLimit: false }),
);
