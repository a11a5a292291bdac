import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runningCluster } from './embedded-postgres';

describe('runningCluster (a second process joins the embedded PostgreSQL another one started)', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'edu-pgpid-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = (pid: number, port: number) =>
    writeFileSync(join(dir, 'postmaster.pid'), `${pid}\n${dir}\n1796171991\n${port}\n/tmp\n127.0.0.1\n  5432001     12345\nready\n`);

  it('reads the pid and port of a live server', () => {
    pidFile(process.pid, 54329);
    expect(runningCluster(dir)).toEqual({ pid: process.pid, port: 54329 });
  });

  it('ignores a stale file whose server is gone, and a folder without one', () => {
    expect(runningCluster(dir)).toBeNull();
    pidFile(2 ** 22 + 7, 54329); // above Linux's pid_max default ceiling: no such process
    expect(runningCluster(dir)).toBeNull();
  });
});
