export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseOptions {
  url: string;
  /** Run pending migrations at start (embedded/demo use). Otherwise pending migrations stop the boot. */
  migrate: boolean;
  poolSize?: number;
  /** Callers that may wait for a pooled connection; past that they are refused at once (PoolQueueFull). */
  maxWaiting?: number;
  applicationName?: string;
}
