import { TravelService } from '@app/datasets-service';
import { flagString, type ParsedArgs } from '../args';
import { openContext } from '../context';

/** `travel --from <unit or school> --to <school> [--dataset D] [--version V] [--json]`: one trip in minutes and km. */
export async function travelCommand(args: ParsedArgs): Promise<number> {
  const ctx = await openContext({ inlineJobs: true });
  try {
    const a = await ctx.app.get(TravelService).travel({
      dataset: flagString(args, 'dataset') ?? 'quzhou',
      version: flagString(args, 'version'),
      from: flagString(args, 'from'),
      to: flagString(args, 'to'),
    });
    if (args.flags.json) {
      console.log(JSON.stringify(a, null, 2));
      return 0;
    }
    const snap = (p: typeof a.from) => (p.snapM === null ? '' : `, ${p.snapM} m to its road${p.longSnap ? ' (LONG SNAP)' : ''}`);
    console.log(`from ${a.from.code} ${a.from.name} (${a.from.kind}${snap(a.from)})`);
    console.log(`to   ${a.to.code} ${a.to.name} (${a.to.kind}${snap(a.to)})`);
    if (!a.reachable) console.log('not connected: the two places are on road pieces that do not join');
    else
      console.log(
        `${a.minutes} min, ${a.km} km (straight line ${a.straightKm} km)` +
          `${a.roadClasses.length ? `; roads: ${a.roadClasses.join(' > ')}` : ''}`,
      );
    console.log(`source: ${a.source} (${a.method}), version ${a.versionId}`);
    return a.reachable ? 0 : 3;
  } finally {
    await ctx.close();
  }
}
