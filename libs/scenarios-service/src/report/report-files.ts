import { lstatSync, realpathSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Where a run's report lives: `<reports>/runs/run-<id>.html`. The id must be a positive whole number, so no run id
 * can name a path outside the reports folder.
 * @example runReportPath('reports', 7) // '/abs/reports/runs/run-7.html'
 */
export function runReportPath(reportsDir: string, runId: number): string {
  return join(resolve(reportsDir, 'runs'), reportName(runId));
}

function reportName(runId: number): string {
  if (!Number.isSafeInteger(runId) || runId <= 0) throw new Error(`a run id is a positive whole number, got ${runId}`);
  return `run-${runId}.html`;
}

/** What removing reports freed: files and bytes removed, and files left because they were not safe to remove. */
export interface RemovedReports {
  files: number;
  bytes: number;
  /** Report paths present but left alone: not a regular file (a symlink, a folder), outside the reports folder, or not removable. */
  skipped: string[];
}

/**
 * Removes the report files of the given runs, and only those: a path is removed only when it is a regular file
 * (never a symlink's target) whose folder really lies inside `reportsDir` (its `runs` folder could be a link
 * elsewhere). Missing files are no error: a failed or cancelled run never wrote one.
 * @example
 * removeRunReports('reports', [3, 4]) // { files: 1, bytes: 48213, skipped: [] } when only run 3 had a report
 */
export function removeRunReports(reportsDir: string, runIds: readonly number[]): RemovedReports {
  const out: RemovedReports = { files: 0, bytes: 0, skipped: [] };
  let root: string;
  let runsDir: string;
  try {
    root = realpathSync(resolve(reportsDir));
    runsDir = realpathSync(resolve(reportsDir, 'runs'));
  } catch {
    return out; // no reports folder: nothing was ever written
  }
  const rel = relative(root, runsDir);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  for (const id of runIds) {
    const file = join(runsDir, reportName(id));
    let st;
    try {
      st = lstatSync(file);
    } catch {
      continue; // never written
    }
    if (!inside || !st.isFile()) {
      out.skipped.push(file);
      continue;
    }
    try {
      unlinkSync(file);
      out.files++;
      out.bytes += st.size;
    } catch {
      out.skipped.push(file);
    }
  }
  return out;
}
