/**
 * Rewrites test/out/*.geojson from test/in/*.geojson. Run after an intended change, then review the diff:
 *   npx ts-node --transpile-only libs/geo/test/regenerate.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, IN_DIR, OUT_DIR, fixtureNames, formatGeoJson, readGeoJson } from './fixtures';

for (const name of fixtureNames()) {
  const run = CASES[name];
  if (!run) throw new Error(`no case in fixtures.ts for in/${name}.geojson`);
  writeFileSync(join(OUT_DIR, `${name}.geojson`), formatGeoJson(run(readGeoJson(IN_DIR, name))));
  console.log(`wrote out/${name}.geojson`);
}
