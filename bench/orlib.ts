/**
 * Solves the large OR-Library instances (capa, capb, capc at every published capacity; --uncap adds the
 * uncapacitated versions) to proven optimality and prints, per instance, this engine's time and native HiGHS's time
 * (Python highspy, strong formulation, mip_rel_gap 1e-9) measured in the same run.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register bench/orlib.ts [instance ...] [--time-limit S]
 *     [--method structured|mip] [--no-native] [--uncap] [--lazy|--strong]
 *
 * --method mip sends the whole MILP to HiGHS (WASM) instead of the structured solver (Lagrangian relaxation,
 * fixing, reduced MIP); --lazy / --strong choose that MILP's x_ij <= y_j rows. Instance names are those of
 * optima.csv (capa-8000, capb-uncap, ...). Native HiGHS runs `bench/orlib-highspy.py` with `python3`; when Python
 * has no highspy (`pip install highspy`) the column says so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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

function runNative(file: string, capacity: number | undefined, timeLimit: number): Native {
  const started = performance.now();
  const out = spawnSync('python3', [NATIVE, file, capacity === undefined ? 'uncap' : String(capacity), String(timeLimit)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (out.status !== 0) return { status: `failed: ${(out.stderr || '').trim().split('\n').pop() ?? ''}`, objective: null, seconds, cpuSeconds: null };
  const parsed = JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as { status: string; objective: number; cpuSeconds: number };
  return { status: parsed.status, objective: parsed.objective, seconds, cpuSeconds: parsed.cpuSeconds };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const timeLimitSeconds = Number(valueOf('--time-limit') ?? 600);
  const method = (valueOf('--method') ?? 'structured') as 'structured' | 'mip';
  const valued = new Set(['--time-limit', '--method']);
  const wanted = args.filter((a, k) => !a.startsWith('--') && !valued.has(args[k - 1]));
  const strengthen = args.includes('--lazy') ? 'lazy' : args.includes('--strong') ? true : undefined;
  if (!existsSync(path.join(ORLIB, 'optima.csv'))) {
    console.log(`skipped: OR-Library data not found at ${ORLIB}`);
    return;
  }
  const rows = readOrlibOptima(path.join(ORLIB, 'optima.csv')).filter((r) =>
    wanted.length > 0 ? wanted.includes(r.instance) : /cap[abc]\.txt$/.test(r.file) && (args.includes('--uncap') || r.capacitatedOptimum !== undefined),
  );
  const native = args.includes('--no-native') ? null : nativeAvailable();
  console.log(`time limit ${timeLimitSeconds} s per instance and solver, mip_rel_gap 1e-9, this engine: ${method}`);
  console.log(
    native
      ? `native HiGHS ${native} (Python highspy, strong formulation), same run, one after the other`
      : args.includes('--no-native')
        ? 'native HiGHS not run (--no-native)'
        : 'native HiGHS not measured: python3 has no highspy module (pip install highspy)',
  );
  console.log(['instance', 'objective', 'published', 'rel.diff', 'status', 'backend', 'open', 'fixed', 'free', 'wall s', 'cpu s', 'native wall s', 'native cpu s', 'native status', 'wall ratio', 'cpu ratio'].join('\t'));
  let worst = 0;
  let worstRatio = 0;
  let worstCpuRatio = 0;
  for (const row of rows) {
    const uncapacitated = row.capacitatedOptimum === undefined;
    const published = uncapacitated ? row.uncapacitatedOptimum : row.capacitatedOptimum;
    const file = path.join(ORLIB, row.file);
    const cpuBefore = process.cpuUsage();
    const result = await solveOrlibCflp(file, { capacity: row.capacityOverride, uncapacitated, timeLimitSeconds, mipRelGap: 1e-9, strengthen, method });
    // getrusage of this process: the main thread and the HiGHS worker thread together.
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const diff = result.objective !== null && published !== undefined ? Math.abs(result.objective - published) / published : NaN;
    worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff);
    const reference = native ? runNative(file, uncapacitated ? undefined : row.capacityOverride, timeLimitSeconds) : null;
    const ratio = reference && reference.status === 'Optimal' ? result.seconds / reference.seconds : NaN;
    const cpuRatio = reference?.cpuSeconds && reference.status === 'Optimal' ? cpuSeconds / reference.cpuSeconds : NaN;
    if (!Number.isNaN(ratio)) worstRatio = Math.max(worstRatio, ratio);
    if (!Number.isNaN(cpuRatio)) worstCpuRatio = Math.max(worstCpuRatio, cpuRatio);
    const report = result.report;
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
        result.seconds.toFixed(1),
        cpuSeconds.toFixed(1),
        reference ? reference.seconds.toFixed(1) : '-',
        reference?.cpuSeconds ? reference.cpuSeconds.toFixed(1) : '-',
        reference ? reference.status : '-',
        Number.isNaN(ratio) ? '-' : `${ratio.toFixed(2)}x`,
        Number.isNaN(cpuRatio) ? '-' : `${cpuRatio.toFixed(2)}x`,
      ].join('\t'),
    );
  }
  console.log(`instances ${rows.length}, worst relative difference ${worst.toExponential(2)}${native ? `, worst ratio to native ${worstRatio.toFixed(2)}x wall, ${worstCpuRatio.toFixed(2)}x CPU` : ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
