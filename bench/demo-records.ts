import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emptyRecords, type DatasetRecords } from '@app/domain';
import { DEFAULT_LIMITS, readImportFiles } from '@app/datasets-model';

export const DEMO_DIR = resolve(__dirname, '../geo/demo/quzhou');

/** The demo region's files, as the importer would see them. */
export function demoFiles(dir = DEMO_DIR): { name: string; bytes: Buffer }[] {
  return readdirSync(dir)
    .filter((n) => /\.(geojson|csv|xlsx)$/.test(n))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

/** Parses and validates the demo region in memory (no database). */
export async function loadDemoRecords(dir = DEMO_DIR): Promise<DatasetRecords> {
  const res = await readImportFiles(demoFiles(dir), { limits: { ...DEFAULT_LIMITS, maxBytes: 1e9 }, previousRegion: null });
  if (res.problems.length) throw new Error(`demo region does not validate: ${res.problems.length} problems`);
  return { ...emptyRecords(), ...res.records };
}
