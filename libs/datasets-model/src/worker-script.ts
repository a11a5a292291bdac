import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The path of one of the importer's plain-JavaScript worker scripts (`xlsx-worker.js`, `polygon-worker.js`), or null
 * when it is nowhere to be found: beside this module (sources, or the compiled build where scripts/copy-assets.js
 * puts them), in the sources seen from the compiled tree, or from the working directory.
 * @example workerScript('xlsx-worker.js') // '/repo/libs/datasets-model/src/xlsx-worker.js'
 */
export function workerScript(file: string): string | null {
  const candidates = [
    path.join(__dirname, file),
    path.resolve(__dirname, '..', '..', '..', '..', 'libs', 'datasets-model', 'src', file),
    path.resolve(process.cwd(), 'libs', 'datasets-model', 'src', file),
  ];
  return candidates.find((c) => existsSync(c)) ?? null;
}
