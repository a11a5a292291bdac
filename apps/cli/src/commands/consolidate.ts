import { formatSolveProgress } from '@app/optimizer';
import { flagString, type ParsedArgs } from '../args';
import { openContext } from '../context';
import { progressLine } from '../progress-line';
import { runScenarioInline } from './run-scenario';

/** `consolidate [--target-year 2027] [--max-small 30] [--threshold 200] [--dataset D] [--json]`. */
export async function consolidateCommand(args: ParsedArgs): Promise<number> {
  const num = (name: string) => {
    const v = flagString(args, name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number, got "${v}"`);
    return Number(v);
  };
  const policy = {
    targetYear: num('target-year') ?? 2027,
    maxSmallSchools: num('max-small'),
    smallSchoolThreshold: num('threshold'),
    solverTimeLimitS: num('time-limit'),
  };
  const ctx = await openContext({ inlineJobs: true });
  try {
    const line = progressLine(args.flags.json === true);
    const run = await runScenarioInline(
      ctx.app,
      `consolidation to ${policy.maxSmallSchools ?? 30} small schools by ${policy.targetYear} (CLI)`,
      flagString(args, 'dataset') ?? 'quzhou',
      { consolidate: true, policy },
      (p) => {
        const step = p.steps.find((s) => s.state === 'running');
        if (step) line.update(`${step.name}: ${step.solver ? formatSolveProgress(step.solver) : (step.message ?? `${step.progress}%`)}`);
      },
    ).finally(() => line.done());
    const results = { consolidation: run.results?.consolidation, plan: run.results?.plan ?? null };
    // A run that consolidated has stored its consolidation result before it finished.
    if (!results.consolidation) throw new Error(`run ${run.id} finished without a consolidation result`);
    if (args.flags.json) {
      console.log(
        JSON.stringify(
          {
            runId: run.id,
            consolidation: results.consolidation,
            kpis: results.plan?.kpis ?? null,
            schools: results.plan?.schools.filter((s) => s.decision === 'close' || s.pupilsIn > 0) ?? [],
            transfers: results.plan?.transfers ?? null,
          },
          null,
          2,
        ),
      );
      return results.plan && results.consolidation.status !== 'infeasible' ? 0 : 3;
    }
    const c = results.consolidation;
    console.log(
      `run ${run.id}: ${c.status} (${c.message}), gap ${c.gap === null ? 'n/a' : (c.gap * 100).toFixed(3) + '%'}, ` +
        `solved in ${c.solveSeconds.toFixed(1)} s`,
    );
    if (c.status === 'infeasible') {
      for (const t of c.infeasibility?.byTownship ?? [])
        console.log(
          `  township ${t.townshipCode}: small ${t.smallSchools.join(', ') || '-'} (${t.findings.map((f) => f.limit).join(', ')})`,
        );
      if (results.plan) console.log('the plan below has the fewest small schools the other limits allow');
    }
    if (!results.plan) {
      console.log(JSON.stringify(c.infeasibility, null, 2));
      return 3;
    }
    const k = results.plan.kpis;
    console.log(
      `small schools (<200): today ${k.smallSchoolsToday}, ${policy.targetYear} status quo ${k.smallSchoolsStatusQuo},` +
        ` after ${k.smallSchoolsAfter}`,
    );
    console.log(
      `schools closed ${k.schoolsClosed} (by year ${JSON.stringify(k.closuresByYear)}), pupils moved ` +
        `${Math.round(k.pupilsMoved)} (re-zoned ${Math.round(k.pupilsRezoned)}), cross-county transfers ` +
        `${k.crossCountyTransfers}, extra classes ${k.extraClasses}, new boarders ${Math.round(k.newBoarders)}`,
    );
    for (const l of results.plan.laterYears)
      console.log(
        `  ${l.year}: ${l.smallSchools} small, cap ${l.capHolds ? 'holds' : 'broken'}` +
          `${l.crossing.length ? `; crossing ${l.crossing.join(', ')}` : ''}`,
      );
    console.log(
      `travel km mean ${k.meanTravelBeforeKm.toFixed(2)} -> ${k.meanTravelAfterKm.toFixed(2)}, max ` +
        `${k.maxTravelBeforeKm.toFixed(1)} -> ${k.maxTravelAfterKm.toFixed(1)}`,
    );
    for (const s of results.plan.schools.filter((x) => x.decision === 'close'))
      console.log(`  ${s.closureYear} ${s.closureKind} ${s.code} ${s.name} (${s.enrolmentToday} pupils today; ${s.closureRule})`);
    return c.status === 'infeasible' ? 3 : 0;
  } finally {
    await ctx.close();
  }
}
