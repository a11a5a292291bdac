import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type FlatbushClass from 'flatbush';

/** A built flatbush index (static bounding-box R-tree), typed from the package's own declarations. */
export type Flatbush = FlatbushClass;
/** The flatbush class itself. */
export type FlatbushConstructor = typeof FlatbushClass;

let cached: FlatbushConstructor | undefined;

/**
 * The flatbush class, loaded once from the package's UMD build and cached.
 *
 * Why not `import Flatbush from 'flatbush'`: flatbush 4 ships an ES module only (`"type": "module"`), which this
 * repository's CommonJS output and jest run on Node 20 cannot `require` ("Must use import to load ES Module"), and
 * the shared jest config does not transform node_modules. The package also ships `flatbush.js`, a self-contained UMD
 * bundle of the identical code (flatqueue inlined); since it sits inside a `"type": "module"` package Node would
 * parse a plain `require` of it as ESM too, so its text is evaluated here as a CommonJS module body, which works under
 * ts-node, jest and compiled output alike. With Node >= 22 (require of ESM) or a jest transform for flatbush this can
 * become a plain import.
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
  const file = join(dirname(require.resolve('flatbush')), 'flatbush.js');
  const mod: { exports: unknown } = { exports: {} };
  // The UMD wrapper picks CommonJS when it sees `module`/`exports`; `define` is shadowed so AMD is never chosen.
  new Function('module', 'exports', 'define', readFileSync(file, 'utf8')).call(undefined, mod, mod.exports, undefined);
  const loaded = mod.exports as FlatbushConstructor | { default?: FlatbushConstructor };
  const ctor = typeof loaded === 'function' ? loaded : loaded.default;
  if (typeof ctor !== 'function') throw new Error(`flatbush UMD build at ${file} did not export a class`);
  cached = ctor;
  return ctor;
}
