import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type FlatbushClass from 'flatbush';

/** The flatbush class, typed from its own declarations. @internal */
export type Flatbush = FlatbushClass;

let loaded: typeof FlatbushClass | undefined;

/**
 * Loads flatbush's UMD build. flatbush 4 exports only an ES module, which the repo's CommonJS jest run on Node 20
 * cannot `require` (and the shared jest config is not ours to change); the same package also ships `flatbush.js`, a
 * self-contained UMD bundle of the identical code, which is evaluated here as a CommonJS module.
 * @internal
 */
export function flatbushClass(): typeof FlatbushClass {
  if (!loaded) {
    const file = join(dirname(require.resolve('flatbush')), 'flatbush.js');
    const mod: { exports: unknown } = { exports: {} };
    // The UMD wrapper picks CommonJS when it sees `module`/`exports`; `define` is shadowed so AMD is never chosen.
    const factory = new Function('module', 'exports', 'define', readFileSync(file, 'utf8')) as (
      m: typeof mod,
      e: unknown,
      d: undefined,
    ) => void;
    factory(mod, mod.exports, undefined);
    loaded = mod.exports as typeof FlatbushClass;
    if (typeof loaded !== 'function') throw new Error(`flatbush UMD build at ${file} did not export a class`);
  }
  return loaded;
}
