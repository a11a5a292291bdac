import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeRunReports, runReportPath } from './report-files';

describe('run report files', () => {
  let base: string;
  beforeEach(() => (base = mkdtempSync(join(tmpdir(), 'edu-report-files-'))));
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('names a run report inside the reports folder and refuses ids that are not positive whole numbers', () => {
    expect(runReportPath(join(base, 'r'), 7)).toBe(join(base, 'r', 'runs', 'run-7.html'));
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 60])
      expect(() => runReportPath(base, bad)).toThrow('a run id is a positive whole number');
  });

  it('removes only the named runs’ regular files and counts their bytes; missing files are no error', () => {
    const runs = join(base, 'runs');
    mkdirSync(runs);
    writeFileSync(join(runs, 'run-1.html'), 'x'.repeat(100));
    writeFileSync(join(runs, 'run-2.html'), 'y'.repeat(250));
    writeFileSync(join(runs, 'run-3.html'), 'kept');
    writeFileSync(join(runs, 'notes.txt'), 'kept');
    expect(removeRunReports(base, [1, 2, 4])).toEqual({ files: 2, bytes: 350, skipped: [] });
    expect(readdirSync(runs).sort()).toEqual(['notes.txt', 'run-3.html']);
    expect(removeRunReports(join(base, 'absent'), [3])).toEqual({ files: 0, bytes: 0, skipped: [] });
  });

  it('never follows a link: a linked report or a runs folder linked outside is left, and so is what it points at', () => {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'precious.html'), 'precious');
    writeFileSync(join(outside, 'run-5.html'), 'outside');
    const reports = join(base, 'reports');
    mkdirSync(join(reports, 'runs'), { recursive: true });
    symlinkSync(join(outside, 'precious.html'), join(reports, 'runs', 'run-1.html'));
    mkdirSync(join(reports, 'runs', 'run-2.html'));
    expect(removeRunReports(reports, [1, 2])).toEqual({
      files: 0,
      bytes: 0,
      skipped: [join(reports, 'runs', 'run-1.html'), join(reports, 'runs', 'run-2.html')],
    });
    expect(existsSync(join(outside, 'precious.html'))).toBe(true);
    // The runs folder itself leads outside the reports folder: nothing in it is removed.
    const linked = join(base, 'linked');
    mkdirSync(linked);
    symlinkSync(outside, join(linked, 'runs'));
    expect(removeRunReports(linked, [5])).toEqual({ files: 0, bytes: 0, skipped: [join(outside, 'run-5.html')] });
    expect(readdirSync(outside).sort()).toEqual(['precious.html', 'run-5.html']);
  });
});
