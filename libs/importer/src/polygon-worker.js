// Worker thread of checkLargePolygons: parses the uploaded GeoJSON text again and validates its large polygons off
// the API's event loop, posting back only the problems (small) by feature index.
// Plain JavaScript so it starts without a TypeScript loader in the compiled build. From sources (tests, ts-node) the
// geometry module and what it imports relatively are transpiled with esbuild: loading ts-node here costs a second.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { parentPort, workerData } = require('node:worker_threads');

const { text, features, source } = workerData;

if (source.endsWith('.ts') && !Module._extensions['.ts']) {
  const { transformSync } = require('esbuild');
  Module._extensions['.ts'] = (m, file) => m._compile(transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', sourcefile: file }).code, file);
}

const { featurePolygonProblems } = require(source);
parentPort.postMessage(featurePolygonProblems(text, features));
