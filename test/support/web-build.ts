import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Builds the map page unless its dist/ is newer than its sources: the build script's own `--if-stale` check, the one
 * `npm test`, `npm start` and `npm run demo` use, so a browser test run alone (`npx jest test/web/...`) sees the page
 * as its sources are.
 * @example buildWebIfStale(); // "web page up to date in apps/web/dist (checked in 0.01 s)"
 */
export function buildWebIfStale(): void {
  console.log(execFileSync(process.execPath, [join(ROOT, 'apps/web/build.mjs'), '--if-stale'], { cwd: ROOT, encoding: 'utf8' }).trim());
}
