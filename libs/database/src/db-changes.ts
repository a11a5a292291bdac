import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DATABASE_OPTIONS, type DatabaseOptions } from './database-options';

/** The channel the `notify_db_change` triggers (migration ReadCacheNotify) send on; the payload is the table's name. */
export const DB_CHANGES_CHANNEL = 'db_changes';

/** A table name, or `*` when notifications may have been missed (listener just connected, or lost its connection). */
export type DbChange = string;

/**
 * One LISTEN connection per process, opened on the first `listen` call (the worker and the CLI never open one),
 * reconnecting a second after it is lost. While `live` is false a subscriber must not rely on notifications and
 * asks the database itself; every (re)connection and every loss is announced as `*`, since changes may have been
 * missed in between.
 */
@Injectable()
export class DbChanges implements OnApplicationShutdown {
  private readonly handlers: ((change: DbChange) => void)[] = [];
  private client: Client | null = null;
  private started = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly log = new Logger('db-changes');
  /** True while this process is listening: every committed change of a watched table reaches the handlers. */
  live = false;

  constructor(@Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions) {}

  /** Calls `fn` on every change (see DbChange). Example: `changes.listen((t) => t === 'api_tokens' && trusted.clear())`. */
  listen(fn: (change: DbChange) => void): void {
    this.handlers.push(fn);
    if (!this.started) {
      this.started = true;
      void this.connect();
    }
  }

  private emit(change: DbChange): void {
    for (const fn of this.handlers) fn(change);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({
      connectionString: this.options.url,
      application_name: `${this.options.applicationName ?? 'edu-planner'}-listen`,
    });
    this.client = client;
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = null;
      this.live = false;
      this.emit('*');
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (!this.closed) {
        this.log.warn(`listening for changes stopped (${why}); asking the database per request until it reconnects`);
        this.retry = setTimeout(() => void this.connect(), 1000);
      }
    };
    client.on('error', (e: Error) => lost(e.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', (n) => this.emit(n.payload ?? '*'));
    try {
      await client.connect();
      await client.query(`LISTEN ${DB_CHANGES_CHANNEL}`);
      if (this.client !== client) return;
      this.live = true;
      this.emit('*');
    } catch (e) {
      lost(e instanceof Error ? e.message : String(e));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.live = false;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }
}
