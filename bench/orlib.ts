/**
 * Solves the large OR-Library instances (capa, capb, capc at every published capacity, and uncapacitated) to
 * proven optimality with HiGHS and prints objective, published optimum, relative difference, status and seconds.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/orlib.ts [instance ...] [--time-limit S] [--lazy|--strong]
 *
 * --lazy / --strong force the x_ij <= y_j rows lazy (added in LP rounds when violated) / all up front; the default is lazy for these instances.
 *
 * Instance names are those of optima.csv (capa-8000, capb-uncap, ...); without names every capa/b/c row runs.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readOrlibOptima, solveOrlibCflp } from '@app/optimizer';

const ORLIB = path.resolve(__dirname, '..', '..', 'shared', 'data', 'orlib');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const limitAt = args.indexOf('--time-limit');
  const timeLimitSeconds = limitAt >= 0 ? Number(args[limitAt + 1]) : 600;
  const wanted = args.filter((a, k) => !a.startsWith('--') && (limitAt < 0 || k !== limitAt + 1));
  // Default: the library's choice ('lazy' for these 100,000-arc instances); --strong forces every row up front.
  const strengthen = args.includes('--lazy') ? 'lazy' : args.includes('--strong') ? true : undefined;
  if (!existsSync(path.join(ORLIB, 'optima.csv'))) {
    console.log(`skipped: OR-Library data not found at ${ORLIB}`);
    return;
  }
  const rows = readOrlibOptima(path.join(ORLIB, 'optima.csv')).filter((r) =>
    wanted.length > 0 ? wanted.includes(r.instance) : /cap[abc]\.txt$/.test(r.file),
  );
  console.log(`time limit ${timeLimitSeconds} s per instance, mip_rel_gap 1e-9, backend highs (WASM, worker thread), strengthen ${strengthen ?? 'default (lazy from 20,000 arcs)'}`);
  console.log(['instance', 'objective', 'published', 'rel.diff', 'status', 'open', 'seconds'].join('\t'));
  let worst = 0;
  let total = 0;
  for (const row of rows) {
    const uncapacitated = row.capacitatedOptimum === undefined;
    const published = uncapacitated ? row.uncapacitatedOptimum : row.capacitatedOptimum;
    const result = await solveOrlibCflp(path.join(ORLIB, row.file), {
      capacity: row.capacityOverride,
      uncapacitated,
      timeLimitSeconds,
      mipRelGap: 1e-9,
      strengthen,
    });
    const diff = result.objective !== null && published !== undefined ? Math.abs(result.objective - published) / published : NaN;
    worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff);
    total += result.seconds;
    console.log(
      [
        row.instance,
        result.objective?.toFixed(3) ?? '-',
        published?.toFixed(3) ?? '-',
        diff.toExponential(2),
        result.status + (result.message ? ` (${result.message})` : ''),
        result.openFacilities.length,
        result.seconds.toFixed(1),
      ].join('\t'),
    );
  }
  console.log(`instances ${rows.length}, total ${total.toFixed(1)} s, worst relative difference ${worst.toExponential(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
