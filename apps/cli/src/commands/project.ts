import { ProjectionService } from '@app/projection-service';
import { JobRunner } from '@app/jobs';
import { LayerQueryService } from '@app/datasets-service';
import type { BirthExtension } from '@app/projection-model';
import { flagString, type ParsedArgs } from '../args';
import { openContext } from '../context';
import { printDemand, rowsByCode } from './tables';

/** `project [--dataset D] [--version V] [--births medium|low|high|constant|trend] [--json]`: project and print demand. */
export async function projectCommand(args: ParsedArgs): Promise<number> {
  const ctx = await openContext({ inlineJobs: true });
  try {
    const versionId = await ctx.app
      .get(LayerQueryService)
      .resolveVersion(flagString(args, 'dataset') ?? 'quzhou', args.flags.version ? Number(flagString(args, 'version')) : undefined);
    const births = flagString(args, 'births') as BirthExtension | undefined;
    const job = await ctx.app.get(JobRunner).enqueue('projection', { versionId, assumptions: births ? { birthExtension: births } : {} });
    const summary = job.result as {
      runId: number;
      baseYear: number;
      horizon: number;
      rows: number;
      computeMs: number;
      writeMs: number;
      reused: boolean;
    };
    const svc = ctx.app.get(ProjectionService);
    const years = [0, 3, 6, 12].map((d) => summary.baseYear + d).filter((y) => y <= summary.baseYear + summary.horizon);
    const counties = (await svc.aggregate(summary.runId, 'county')).filter((f) => years.includes(f.year));
    const districts = (await svc.aggregate(summary.runId, 'district')).filter((f) => years.includes(f.year));
    if (args.flags.json) {
      console.log(JSON.stringify({ versionId, ...summary, years, counties, districts }, null, 2));
      return 0;
    }
    console.log(
      `projection run ${summary.runId} of version ${versionId}: base year ${summary.baseYear}, ${summary.rows} unit x stage x year rows` +
        (summary.reused
          ? ' (already stored)'
          : `, computed in ${summary.computeMs.toFixed(0)} ms, written in ${summary.writeMs.toFixed(0)} ms`),
    );
    printDemand('resident pupils by county and stage', rowsByCode(counties), years);
    if (districts.length) printDemand('resident pupils by district and stage', rowsByCode(districts), years);
    return 0;
  } finally {
    await ctx.close();
  }
}
