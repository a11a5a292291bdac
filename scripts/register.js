// Runs the TypeScript sources directly under plain `node -r ./scripts/register.js file.ts`: each .ts file is
// transpiled by SWC (decorators with their design:* metadata, as tsc emits them for Nest's injection) and the
// tsconfig path aliases resolve to libs/*/src. Types are checked by `npm run typecheck`, not here: that is what makes
// start-up fast (ts-node paid ~8 s per CLI command, mostly loading and running the TypeScript compiler).
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const { compilerOptions } = require('../tsconfig.json');
const tsconfigPaths = require('tsconfig-paths');

const root = resolve(__dirname, '..');
tsconfigPaths.register({ baseUrl: resolve(root, compilerOptions.baseUrl), paths: compilerOptions.paths, addMatchAll: false });
process.setSourceMapsEnabled(true);

const options = {
  sourceMaps: 'inline',
  module: { type: 'commonjs', ignoreDynamic: false },
  jsc: {
    target: 'es2022',
    keepClassNames: true,
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
  },
};

Module._extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
