// Worker thread of readXlsxSheet: reads one workbook off the API's event loop and posts the grid back in batches.
// Plain JavaScript so it starts without a TypeScript loader in the compiled build. From sources (tests, ts-node) the
// reader, which imports only Node built-ins, is transpiled with esbuild: loading ts-node here costs about a second.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { parentPort, workerData } = require('node:worker_threads');

const { bytes, limits, source } = workerData;

function load(file) {
  if (!file.endsWith('.ts')) return require(file);
  const { code } = require('esbuild').transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', sourcefile: file });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(require('node:path').dirname(file));
  m._compile(code, file);
  return m.exports;
}

const { readXlsxSheetHere, sheetBatchRows } = load(source);

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
