/**
 * Solves the large OR-Library instances (capa, capb, capc at every published capacity; --uncap adds the
 * uncapacitated versions) to proven optimality and prints, per instance, this engine's time and native HiGHS's time
 * (Python highspy, strong formulation, mip_rel_gap 1e-9) measured in the same run.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/orlib.ts [instance ...] [--time-limit S]
 *     [--native-limit S] [--concurrent] [--method structured|mip] [--finish branch|mip] [--no-native] [--uncap]
 *     [--lazy|--strong]
 *
 * --method mip sends the whole MILP to HiGHS (WASM) instead of the structured solver (Lagrangian relaxation,
 * fixing, then branch and bound on the Lagrangian bound, or with --finish mip a reduced HiGHS MIP); --lazy /
 * --strong choose that MILP's x_ij <= y_j rows. Native HiGHS gets --native-limit seconds (default 300); when it
 * hits them its column reads '>300 s' and the ratio is an upper bound ('<'). --concurrent runs native HiGHS at the
 * same time as this engine on the same instance (one core each on a 2-core machine) instead of after it; CPU
 * seconds (this process's getrusage; Python's process_time) are printed for both because wall time on a shared
 * machine depends on the others. Instance names are those of
 * optima.csv (capa-8000, capb-uncap, ...). Native HiGHS runs `bench/orlib-highspy.py` with `python3`; when Python
 * has no highspy (`pip install highspy`) the column says so.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { readOrlibOptima, solveOrlibCflp } from '@app/optimizer';

const ORLIB = path.resolve(__dirname, '..', '..', 'shared', 'data', 'orlib');
const NATIVE = path.join(__dirname, 'orlib-highspy.py');

interface Native {
  status: string;
  objective: number | null;
  seconds: number;
  cpuSeconds: number | null;
}

function nativeAvailable(): string | null {
  try {
    return execFileSync('python3', ['-c', 'import highspy; print(highspy.Highs().version())'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Native HiGHS on one instance in a child process; wall time measured here, CPU time by the child (process_time). */
function runNative(file: string, capacity: number | undefined, timeLimit: number): Promise<Native> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('python3', [NATIVE, file, capacity === undefined ? 'uncap' : String(capacity), String(timeLimit)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0)
        return resolve({ status: `failed: ${stderr.trim().split('\n').pop() ?? ''}`, objective: null, seconds, cpuSeconds: null });
      const parsed = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { status: string; objective: number; cpuSeconds: number };
      resolve({ status: parsed.status, objective: parsed.objective, seconds, cpuSeconds: parsed.cpuSeconds });
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const timeLimitSeconds = Number(valueOf('--time-limit') ?? 600);
  const nativeLimit = Number(valueOf('--native-limit') ?? 300);
  const method = (valueOf('--method') ?? 'structured') as 'structured' | 'mip';
  const finish = (valueOf('--finish') ?? 'branch') as 'branch' | 'mip';
  const concurrent = args.includes('--concurrent');
  const valued = new Set(['--time-limit', '--native-limit', '--method', '--finish']);
  const wanted = args.filter((a, k) => !a.startsWith('--') && !valued.has(args[k - 1]));
  const strengthen = args.includes('--lazy') ? 'lazy' : args.includes('--strong') ? true : undefined;
  if (!existsSync(path.join(ORLIB, 'optima.csv'))) {
    console.log(`skipped: OR-Library data not found at ${ORLIB}`);
    return;
  }
  const rows = readOrlibOptima(path.join(ORLIB, 'optima.csv')).filter((r) =>
    wanted.length > 0
      ? wanted.includes(r.instance)
      : /cap[abc]\.txt$/.test(r.file) && (args.includes('--uncap') || r.capacitatedOptimum !== undefined),
  );
  const native = args.includes('--no-native') ? null : nativeAvailable();
  console.log(
    `time limit ${timeLimitSeconds} s per instance (native HiGHS: ${nativeLimit} s), mip_rel_gap 1e-9, this engine: ` +
      `${method}${method === 'structured' ? `, finish ${finish}` : ''}`,
  );
  console.log(
    native
      ? `native HiGHS ${native} (Python highspy, strong formulation), same run, ` +
          `${concurrent ? 'at the same time as this engine (one core each)' : 'one after the other'}`
      : args.includes('--no-native')
        ? 'native HiGHS not run (--no-native)'
        : 'native HiGHS not measured: python3 has no highspy module (pip install highspy)',
  );
  console.log(
    [
      'instance',
      'objective',
      'published',
      'rel.diff',
      'status',
      'backend',
      'open',
      'fixed',
      'free',
      'nodes',
      'wall s',
      'cpu s',
      'native wall s',
      'native cpu s',
      'native status',
      'wall ratio',
      'cpu ratio',
    ].join('\t'),
  );
  let worst = 0;
  let worstRatio = 0;
  let worstCpuRatio = 0;
  let proven = 0;
  for (const row of rows) {
    const uncapacitated = row.capacitatedOptimum === undefined;
    const published = uncapacitated ? row.uncapacitatedOptimum : row.capacitatedOptimum;
    const file = path.join(ORLIB, row.file);
    const capacity = uncapacitated ? undefined : row.capacityOverride;
    const concurrentNative = native && concurrent ? runNative(file, capacity, nativeLimit) : null;
    const cpuBefore = process.cpuUsage();
    const result = await solveOrlibCflp(file, {
      capacity: row.capacityOverride,
      uncapacitated,
      timeLimitSeconds,
      mipRelGap: 1e-9,
      strengthen,
      method,
      finish,
    });
    // getrusage of this process: the main thread and the HiGHS worker thread together (not the python child).
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    if (result.status === 'optimal') proven++;
    const diff = result.objective !== null && published !== undefined ? Math.abs(result.objective - published) / published : NaN;
    worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff);
    const reference = concurrentNative ? await concurrentNative : native ? await runNative(file, capacity, nativeLimit) : null;
    // At native's limit its time is a lower bound, so the ratio is an upper bound ('<').
    const limited = reference !== null && reference.status === 'Time limit reached';
    const usable = reference !== null && (reference.status === 'Optimal' || limited);
    const ratio = usable ? result.seconds / reference.seconds : NaN;
    const cpuRatio = usable && reference.cpuSeconds ? cpuSeconds / reference.cpuSeconds : NaN;
    if (!Number.isNaN(ratio)) worstRatio = Math.max(worstRatio, ratio);
    if (!Number.isNaN(cpuRatio)) worstCpuRatio = Math.max(worstCpuRatio, cpuRatio);
    const report = result.report;
    const bound = limited ? '<' : '';
    console.log(
      [
        row.instance,
        result.objective?.toFixed(3) ?? '-',
        published?.toFixed(3) ?? '-',
        diff.toExponential(2),
        result.status + (result.message ? ` (${result.message})` : ''),
        result.backend ?? '-',
        result.openFacilities.length,
        report ? report.fixedOpen + report.fixedClosed : '-',
        report ? report.freeFacilities : '-',
        report ? report.nodes : '-',
        result.seconds.toFixed(1),
        cpuSeconds.toFixed(1),
        reference ? (limited ? `>${nativeLimit} s` : reference.seconds.toFixed(1)) : '-',
        reference?.cpuSeconds ? `${limited ? '>' : ''}${reference.cpuSeconds.toFixed(1)}` : '-',
        reference ? reference.status : '-',
        Number.isNaN(ratio) ? '-' : `${bound}${ratio.toFixed(2)}x`,
        Number.isNaN(cpuRatio) ? '-' : `${bound}${cpuRatio.toFixed(2)}x`,
      ].join('\t'),
    );
  }
  console.log(
    `instances ${rows.length}, proven optimal ${proven}, worst relative difference ` +
      `${worst.toExponential(2)}` +
      `${
        native
          ? `, worst ratio to native ${worstRatio.toFixed(2)}x wall, ${worstCpuRatio.toFixed(2)}x CPU ('<' rows count with ` +
            `native's time at its limit)`
          : ''
      }`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
