import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One owner per table (issue 14, item 4): each table is read and written by one lib, which the others call. This
 * spec keeps it so: it scans the production sources of libs/ and apps/ for table names in SQL text and for entity
 * classes handed to TypeORM, and fails naming the file, the table and its owner when a lib reaches another's table.
 * The README's "Layout" section lists the same map with the callers of each owner.
 */
const OWNERS: Record<string, string> = {
  datasets: 'datasets-service',
  dataset_versions: 'datasets-service',
  areas: 'datasets-service',
  districts: 'datasets-service',
  schools: 'datasets-service',
  catchments: 'datasets-service',
  population_units: 'datasets-service',
  population_counts: 'datasets-service',
  births: 'datasets-service',
  housing_projects: 'datasets-service',
  roads: 'datasets-service',
  projection_runs: 'projection-service',
  projection_results: 'projection-service',
  warning_evaluations: 'warnings-service',
  capacity_figures: 'warnings-service',
  alerts: 'warnings-service',
  alert_events: 'warnings-service',
  scenarios: 'scenarios-service',
  scenario_runs: 'scenarios-service',
  run_reviews: 'scenarios-service',
  api_tokens: 'access',
  audit_log: 'access',
};

/**
 * Reads that span every owner on purpose, with the reason. The read cache's fallback state (one round trip of max
 * ids while its change listener is down) watches the same tables as the notify triggers of migration
 * ReadCacheNotify; splitting it per owner would make every uncached request five queries.
 */
const EXCEPTIONS: { file: string; tables: string[] }[] = [
  {
    file: 'apps/api/src/read-cache.interceptor.ts',
    tables: ['dataset_versions', 'projection_runs', 'warning_evaluations', 'alert_events', 'scenario_runs'],
  },
];

const ROOT = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist' && name !== 'testing') out.push(...sources(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts')) out.push(path);
  }
  return out;
}

/** The code without comments (TSDoc examples show SQL that is not run); `//` after a colon or quote is a URL. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Entity class name -> table, read from libs/database/src/entities. */
function entityTables(): Map<string, string> {
  const out = new Map<string, string>();
  const dir = join(ROOT, 'libs/database/src/entities');
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const m of text.matchAll(/@Entity\('([a-z_]+)'\)[\s\S]*?export class (\w+)/g)) out.set(m[2], m[1]);
  }
  return out;
}

/** The lib a file belongs to ('datasets-service' for libs/datasets-service/...), or the app ('app:api'). */
function ownerOf(file: string): string {
  const [top, name] = relative(ROOT, file).split('/');
  return top === 'libs' ? name : `app:${name}`;
}

interface Access {
  file: string;
  table: string;
  how: string;
}

function accesses(): Access[] {
  const entities = entityTables();
  const tables = Object.keys(OWNERS).join('|');
  const sql = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+"?(${tables})"?(?![\\w.(])`, 'g');
  const calls = [
    'getRepository',
    'createQueryBuilder',
    'innerJoin',
    'leftJoin',
    'innerJoinAndSelect',
    'leftJoinAndSelect',
    'into',
    'getMetadata',
  ];
  const typeorm = new RegExp(`\\b(${[...calls, 'insert', 'update', 'delete'].join('|')})(?:<\\w+>)?\\((\\w+Entity)\\b`, 'g');
  const out: Access[] = [];
  const files = [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))].filter(
    (f) => !relative(ROOT, f).startsWith('libs/database/'),
  );
  for (const file of files) {
    const text = code(readFileSync(file, 'utf8'));
    for (const m of text.matchAll(sql)) out.push({ file: relative(ROOT, file), table: m[2], how: `${m[1]} ${m[2]}` });
    for (const m of text.matchAll(typeorm)) {
      const table = entities.get(m[2]);
      if (table) out.push({ file: relative(ROOT, file), table, how: `${m[1]}(${m[2]})` });
    }
  }
  return out;
}

describe('one owner per table', () => {
  it('names an owner for every table the migrations create and every entity maps', () => {
    const created = new Set<string>();
    for (const f of readdirSync(join(ROOT, 'migrations'))) {
      for (const m of readFileSync(join(ROOT, 'migrations', f), 'utf8').matchAll(/CREATE TABLE "([a-z_]+)"/g)) created.add(m[1]);
    }
    const mapped = new Set(entityTables().values());
    expect([...created].filter((t) => !OWNERS[t])).toEqual([]);
    expect([...mapped].filter((t) => !OWNERS[t])).toEqual([]);
    expect(created.size).toBe(22);
    expect(mapped.size).toBe(22);
  });

  it('finds the accesses it guards (the scan is not blind)', () => {
    const found = accesses();
    const of = (file: string) => new Set(found.filter((a) => a.file === file).map((a) => a.table));
    expect([...of('libs/projection-service/src/projection.service.ts')].sort()).toEqual(['projection_results', 'projection_runs']);
    expect(of('libs/warnings-service/src/alerts.service.ts').has('alerts')).toBe(true);
    expect(of('libs/datasets-service/src/dataset-store.ts').has('population_units')).toBe(true);
    expect(found.length).toBeGreaterThan(40);
  });

  it('lets no lib or app read or write a table another lib owns', () => {
    const foreign = accesses()
      .filter((a) => OWNERS[a.table] !== ownerOf(join(ROOT, a.file)))
      .filter((a) => !EXCEPTIONS.some((e) => e.file === a.file && e.tables.includes(a.table)))
      .map((a) => `${a.file}: ${a.how} (owned by libs/${OWNERS[a.table]})`);
    expect(foreign).toEqual([]);
  });
});
