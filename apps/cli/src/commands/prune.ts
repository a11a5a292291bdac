import { RunStorageService } from '@app/scenarios-service';
import { flagString, type ParsedArgs } from '../args';
import { openContext } from '../context';

/**
 * `prune [--days N] [--json]`: removes finished runs older than N days (RUN_RETENTION_DAYS), never approved or
 * adopted ones, and the report files of the runs it removed.
 */
export async function pruneCommand(args: ParsedArgs): Promise<number> {
  const raw = flagString(args, 'days');
  const days = raw === undefined ? undefined : Number(raw);
  if (days !== undefined && !(Number.isInteger(days) && days >= 0 && days <= 36_500))
    throw new Error(`--days must be a whole number of days from 0 to 36500, got "${raw}"`);
  const ctx = await openContext({ inlineJobs: true });
  try {
    const out = await ctx.app.get(RunStorageService).prune(days);
    if (args.flags.json) console.log(JSON.stringify(out));
    else {
      console.log(
        `pruned runs finished before ${out.cutoff}: ${out.runs} runs, ${out.evaluations} evaluations, ` +
          `${out.projections} projections removed; ${out.keptReviewed} approved or adopted runs kept; ` +
          `${out.reportFiles} report files removed (${formatBytes(out.reportBytes)} freed)`,
      );
      for (const path of out.reportsSkipped) console.log(`  left on disk (not a regular file inside REPORTS_DIR): ${path}`);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}
