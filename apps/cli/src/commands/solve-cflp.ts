import * as path from 'node:path';
import { formatSolveProgress, solveOrlibCflp } from '@app/optimizer';
import { flagString, type ParsedArgs } from '../args';
import { progressLine } from '../progress-line';

/** `solve-cflp <OR-Library file> [--capacity N] [--uncapacitated] [--time-limit S] [--method structured|mip] [--json]`. */
export async function solveCflpCommand(args: ParsedArgs): Promise<number> {
  const file = args.positionals[1];
  if (!file) throw new Error('usage: solve-cflp <OR-Library cap file> [--capacity N] [--uncapacitated] [--time-limit S] [--json]');
  const capacity = flagString(args, 'capacity');
  const timeLimit = flagString(args, 'time-limit');
  const method = flagString(args, 'method') ?? 'structured';
  if (method !== 'structured' && method !== 'mip') throw new Error(`--method must be "structured" or "mip", got "${method}"`);
  if (capacity !== undefined && !(Number(capacity) > 0)) throw new Error(`--capacity must be a positive number, got "${capacity}"`);
  const line = progressLine(args.flags.json === true);
  const r = await solveOrlibCflp(file, {
    capacity: capacity === undefined ? undefined : Number(capacity),
    uncapacitated: args.flags.uncapacitated === true,
    timeLimitSeconds: timeLimit === undefined ? undefined : Number(timeLimit),
    method,
    onProgress: (p) => line.update(`${path.basename(file)}: ${formatSolveProgress(p)}`),
  }).finally(() => line.done());
  if (args.flags.json) console.log(JSON.stringify(r, null, 2));
  else
    console.log(
      `${r.instance}: ${r.status}, objective ${r.objective}, ${r.openFacilities.length} open facilities, ` +
        `${r.seconds.toFixed(2)} s (${r.backend ?? 'no solver'})`,
    );
  return r.status === 'optimal' || r.status === 'feasible' ? 0 : 3;
}
