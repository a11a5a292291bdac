/**
 * Generates the synthetic Quzhou demo region (geo/demo/quzhou) and the toy region (geo/demo/toy) from the real
 * facts in ../shared/data/quzhou, deterministically: a rerun gives byte-identical files.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register geo/demo/generate.ts [--out DIR] [--data DIR] [--no-readme]
 *
 * --out   output folder (default geo/demo; files go to <out>/quzhou and <out>/toy)
 * --data  folder with counties.csv and townships.csv (default <repo>/../shared/data/quzhou)
 * --no-readme  do not rewrite the totals block of geo/demo/README.md (implied when --out is not the default)
 */
import * as fs from 'fs';
import * as path from 'path';
import { readFacts } from './src/facts';
import { buildQuzhou } from './src/quzhou';
import { DISTRICT_CODE } from './src/district';
import { buildToy } from './src/toy';
import { computeTotals, formatTotals, type Totals } from './src/totals';
import { writeRecords, type OutputFile } from './src/write';

export const DEMO_DIR = __dirname;
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_DATA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'quzhou');
export const README_BEGIN = '<!-- totals:begin (written by generate.ts) -->';
export const README_END = '<!-- totals:end -->';

export interface GenerateOptions {
  outDir: string;
  dataDir: string;
  /** README whose totals block is rewritten; null to leave it alone. */
  readme: string | null;
}

export interface GenerateResult {
  /** Written files, relative to outDir. */
  files: string[];
  table: string;
  totals: Totals;
  toyTable: string;
  roadsLine: string;
  ms: number;
}

/** Builds both regions in memory: file name (relative to the output folder) -> content. */
export function buildAll(dataDir: string): {
  files: Map<string, string>;
  table: string;
  totals: Totals;
  toyTable: string;
  roadsLine: string;
} {
  const facts = readFacts(dataDir);
  const q = buildQuzhou(facts);
  const rural = new Set(q.model.schools.filter((s) => s.setting === 'rural').map((s) => s.code));
  const totals = computeTotals(q.records, q.extras, facts, rural, DISTRICT_CODE);
  const table = formatTotals(totals, q.model.checks);
  const toy = buildToy();
  const toySchools = toy.records.schools;
  const toyTable =
    `Toy region 339900: ${toy.records.units.length} units, ${toySchools.length} schools, ` +
    `${toy.records.catchments.length} catchments, ${toy.records.housing.length} housing projects`;
  const files = new Map<string, string>();
  const put = (dir: string, list: OutputFile[]) => list.forEach((f) => files.set(`${dir}/${f.name}`, f.content));
  put('quzhou', writeRecords(q.records, q.extras));
  put('toy', writeRecords(toy.records, toy.extras));
  const byClass = new Map<string, number>();
  for (const r of q.records.roads) byClass.set(r.roadClass, (byClass.get(r.roadClass) ?? 0) + 1);
  const roadsLine =
    `Roads (invented): ${q.records.roads.length} roads (${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')}), ` +
    `${q.model.roads.bridged} routed over a bridge of ` +
    `${q.model.roads.rivers.map((r) => `${r.name} (${r.bridges.length} bridges)`).join(', ')}`;
  return { files, table, totals, toyTable, roadsLine };
}

export function generate(opts: GenerateOptions): GenerateResult {
  const t0 = Date.now();
  const { files, table, totals, toyTable, roadsLine } = buildAll(opts.dataDir);
  for (const [rel, content] of files) {
    const p = path.join(opts.outDir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content, 'utf8');
  }
  if (opts.readme && fs.existsSync(opts.readme)) {
    const text = fs.readFileSync(opts.readme, 'utf8');
    const a = text.indexOf(README_BEGIN);
    const b = text.indexOf(README_END);
    if (a >= 0 && b > a) {
      const block = `${README_BEGIN}\n\`\`\`text\n${table}\n\`\`\`\n`;
      fs.writeFileSync(opts.readme, text.slice(0, a) + block + text.slice(b), 'utf8');
    }
  }
  return { files: [...files.keys()].sort(), table, totals, toyTable, roadsLine, ms: Date.now() - t0 };
}

function parseArgs(argv: string[]): GenerateOptions {
  let outDir = DEMO_DIR;
  let dataDir = DEFAULT_DATA_DIR;
  let readme = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') outDir = path.resolve(argv[++i]);
    else if (a === '--data') dataDir = path.resolve(argv[++i]);
    else if (a === '--no-readme') readme = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: generate.ts [--out DIR] [--data DIR] [--no-readme]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  const isDefault = path.resolve(outDir) === path.resolve(DEMO_DIR);
  return { outDir, dataDir, readme: readme && isDefault ? path.join(DEMO_DIR, 'README.md') : null };
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(opts.dataDir, 'counties.csv'))) {
    console.error(`reference data not found: ${opts.dataDir} (expected counties.csv and townships.csv)`);
    process.exit(2);
  }
  const res = generate(opts);
  console.log(res.table);
  console.log('');
  console.log(res.toyTable);
  console.log(res.roadsLine);
  for (const f of res.files) {
    const size = fs.statSync(path.join(opts.outDir, f)).size;
    console.log(`  ${f.padEnd(28)} ${(size / 1024).toFixed(0).padStart(6)} KB`);
  }
  console.log(`generated in ${(res.ms / 1000).toFixed(1)} s -> ${opts.outDir}`);
}
