// Worker thread of checkLargePolygons: parses the uploaded GeoJSON text again and validates its large polygons off
// the API's event loop, posting back only the problems (small) by feature index.
// Plain JavaScript so it starts without a TypeScript loader in the compiled build; from sources, worker-ts.js
// transpiles the geometry module and what it imports relatively.
require('./worker-ts');
const { parentPort, workerData } = require('node:worker_threads');

const { text, features, source } = workerData;

const { featurePolygonProblems } = require(source);
parentPort.postMessage(featurePolygonProblems(text, features));
