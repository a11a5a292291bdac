// Runs the TypeScript sources directly under plain `node -r ./scripts/register.js file.ts`: each .ts file is
// transpiled by SWC (decorators with their design:* metadata, as tsc emits them for Nest's injection) and the
// tsconfig path aliases resolve to libs/*/src. Types are checked by `npm run typecheck`, not here: that is what makes
// start-up fast (ts-node paid ~8 s per CLI command, mostly loading and running the TypeScript compiler).
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
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

// Each file is transpiled once per content: the output is kept under node_modules/.cache/, keyed by the source, its
// path (the inline source map names it) and the SWC version and options, so the many worker processes a test run
// starts (and every CLI command) read it instead of transpiling the ~270 files of the worker again (~0.4-0.6 s).
const cacheDir = resolve(root, 'node_modules/.cache/edu-register');
const salt = JSON.stringify([require('@swc/core/package.json').version, options]);
mkdirSync(cacheDir, { recursive: true });

Module._extensions['.ts'] = function compileTs(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const cached = resolve(cacheDir, `${createHash('sha1').update(salt).update(filename).update('\0').update(source).digest('hex')}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transformSync(source, { ...options, filename }).code;
    // Written aside and renamed: processes starting at once never read a half-written file.
    const tmp = `${cached}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, code);
      renameSync(tmp, cached);
    } catch {
      /* a read-only tree: transpile every time */
    }
  }
  module._compile(code, filename);
};
