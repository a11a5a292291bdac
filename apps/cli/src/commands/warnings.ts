import { JobRunner } from '@app/jobs';
import { AlertsService, type EvaluationSummary } from '@app/warnings-service';
import { flagString, type ParsedArgs } from '../args';
import { printAlerts } from './tables';
import { openContext } from '../context';

/** `warnings [--dataset D] [--json]`: evaluate the latest version now and print the active early warnings. */
export async function warningsCommand(args: ParsedArgs): Promise<number> {
  const dataset = flagString(args, 'dataset') ?? 'quzhou';
  const ctx = await openContext({ inlineJobs: true });
  try {
    const job = await ctx.app.get(JobRunner).enqueue('warnings', { dataset, trigger: 'manual' });
    const summary = job.result as EvaluationSummary;
    const alerts = ctx.app.get(AlertsService);
    const { alerts: active, total } = await alerts.list({ dataset, limit: 5000, offset: 0 });
    const kpis = await alerts.latestEvaluation(dataset);
    if (args.flags.json) {
      console.log(JSON.stringify({ summary, total, alerts: active, indicators: kpis?.indicators ?? null }, null, 2));
      return 0;
    }
    console.log(
      `evaluation ${summary.evaluationId} of version ${summary.versionId}: ${summary.raised} raised, ` +
        `${summary.updated} updated, ${summary.resolved} resolved, ${summary.unchanged} unchanged ` +
        `(${summary.computeMs.toFixed(0)} ms matching and rules)`,
    );
    printAlerts(active, 10);
    return 0;
  } finally {
    await ctx.close();
  }
}
