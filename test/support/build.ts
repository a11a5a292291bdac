import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** The compiled entry points the Dockerfile and docker-compose.yml run. */
export const DIST = {
  api: join(ROOT, 'dist/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/src/main.js'),
  cli: join(ROOT, 'dist/apps/cli/src/main.js'),
};

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist' && e.name !== 'web') newest = Math.max(newest, newestSource(p));
    } else if (/\.(ts|js)$/.test(e.name) && !/\.spec\.ts$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Runs the server half of `npm run build` (tsc, path aliases rewritten by tsc-alias, assets) unless dist/ is newer
 * than every source file, so a suite compiles once. Returns what it did, for the log.
 * @example ensureServerBuild(); // 'built dist/ in 21.4 s'
 */
export function ensureServerBuild(): string {
  const sources = Math.max(
    ...['apps', 'libs', 'migrations'].map((d) => newestSource(join(ROOT, d))),
    statSync(join(ROOT, 'tsconfig.json')).mtimeMs,
  );
  const built = Object.values(DIST).every((f) => existsSync(f)) ? Math.min(...Object.values(DIST).map((f) => statSync(f).mtimeMs)) : 0;
  if (built > sources) return 'dist/ is up to date';
  const t0 = Date.now();
  const bin = (name: string) => join(ROOT, 'node_modules', name);
  execFileSync(process.execPath, [bin('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, [bin('tsc-alias/dist/bin/index.js'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(process.execPath, ['scripts/copy-assets.js'], { cwd: ROOT, stdio: 'pipe' });
  return `built dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
}
