import type FlatbushClass from 'flatbush';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The Flatbush constructor type (static bounding-box R-tree). */
export type FlatbushConstructor = typeof FlatbushClass;
/** A built Flatbush index. */
export type FlatbushIndex = FlatbushClass;

let cached: FlatbushConstructor | undefined;

/**
 * The Flatbush class, loaded from the package's UMD build.
 *
 * Why not `import Flatbush from 'flatbush'`: flatbush 4 ships ESM only (`"type": "module"`), and this repository
 * compiles to CommonJS and runs its tests under jest without ESM support, where that import fails ("Must use import
 * to load ES Module"); Node 20's require(esm) prints an experimental warning. The package also ships a UMD bundle
 * (`flatbush.js`, self-contained, flatqueue inlined) that runs the same code in any module system, so we evaluate
 * that once and cache the class.
 *
 * @example
 * const Flatbush = loadFlatbush();
 * const index = new Flatbush(1);
 * index.add(0, 0, 1, 1);
 * index.finish();
 * index.search(0.5, 0.5, 0.5, 0.5); // [0]
 */
export function loadFlatbush(): FlatbushConstructor {
  if (cached) return cached;
  const entry = require.resolve('flatbush');
  const source = readFileSync(join(dirname(entry), 'flatbush.js'), 'utf8');
  const mod: { exports: unknown } = { exports: {} };
  // The UMD wrapper picks `module.exports` when `module` and `exports` exist; `define` undefined skips AMD.
  new Function('module', 'exports', 'define', source).call(undefined, mod, mod.exports, undefined);
  const loaded = mod.exports as FlatbushConstructor | { default?: FlatbushConstructor };
  cached = typeof loaded === 'function' ? loaded : (loaded.default as FlatbushConstructor);
  if (typeof cached !== 'function') throw new Error('flatbush UMD build did not export a constructor');
  return cached;
}
