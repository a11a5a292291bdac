import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '@app/database';

type Entry = Omit<AuditEntryEntity, 'id' | 'at'> & { at?: Date };

/** Entries kept in memory while PostgreSQL is unreachable; past this the oldest are dropped, and that is logged. */
const MAX_PENDING = 10_000;

/**
 * The audit trail: every write and every refused request through the API, who, when, what, with its outcome.
 * An entry that cannot be written (PostgreSQL restarting) is kept and written again, with its original time, once
 * the database answers: a restart does not lose it.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly log = new Logger('audit');
  private readonly pending: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private delayMs = 500;
  private dropped = 0;

  constructor(private readonly ds: DataSource) {}

  /** Writes one entry; never rejects: on failure the entry waits in memory and is retried with backoff. */
  async record(e: Entry): Promise<void> {
    const entry = { ...e, at: e.at ?? new Date() };
    if (this.pending.length > 0) return this.keep(entry);
    try {
      await this.insert([entry]);
    } catch (err) {
      this.log.warn(`audit write failed, kept for retry: ${(err as Error).message}`);
      this.keep(entry);
    }
  }

  /** One multi-row INSERT keeping each entry's own time (the moment it happened, not the moment it was written). */
  private async insert(entries: Entry[]): Promise<void> {
    const values: unknown[] = [];
    const rows = entries.map((e, i) => {
      values.push(e.at, e.actor, e.role, e.method, e.path, e.status, JSON.stringify(e.details ?? {}));
      return `(${Array.from({ length: 7 }, (_, k) => `$${i * 7 + k + 1}`).join(', ')})`;
    });
    await this.ds.query(`INSERT INTO audit_log (at, actor, role, method, path, status, details) VALUES ${rows.join(', ')}`, values);
  }

  /** Entries not yet written. */
  get backlog(): number {
    return this.pending.length;
  }

  private keep(entry: Entry): void {
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      this.dropped++;
      if (this.dropped % 1000 === 1) this.log.error(`audit backlog full: ${this.dropped} oldest entries dropped`);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
    // A backlog must not keep a finished process alive (shutdown flushes what it can).
    this.timer.unref();
  }

  /** Writes the backlog in order; stops at the first failure and tries again later. */
  async flush(): Promise<void> {
    this.timer = null;
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, 500);
      try {
        await this.insert(batch);
      } catch {
        this.delayMs = Math.min(this.delayMs * 2, 30_000);
        if (this.ds.isInitialized) this.schedule();
        return;
      }
      this.pending.splice(0, batch.length);
    }
    this.delayMs = 500;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length > 0 && this.ds.isInitialized) await this.flush();
    if (this.pending.length > 0) this.log.error(`${this.pending.length} audit entries could not be written before shutdown`);
  }

  async list(limit: number, offset: number): Promise<AuditEntryEntity[]> {
    return this.ds.getRepository(AuditEntryEntity).find({ order: { id: 'DESC' }, take: limit, skip: offset });
  }
}
