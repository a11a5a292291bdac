// Copies the non-TypeScript files the compiled build needs (tsc does not copy .js sources).
const { copyFileSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');

const assets = [
  'libs/optimizer/src/solve-worker.js',
  'libs/datasets-model/src/xlsx-worker.js',
  'libs/datasets-model/src/polygon-worker.js',
  'libs/datasets-model/src/worker-ts.js',
];
for (const a of assets) {
  const to = join('dist', a);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(a, to);
  console.log(`copied ${a} -> ${to}`);
}
