/** What a job handler may report and observe while it runs, whether queued on Redis or run in-process. */
export interface JobContext {
  jobId: string;
  attempt: number;
  /** No retry follows a failure of this attempt: the place to record a failure for good. */
  finalAttempt: boolean;
  progress(value: number | Record<string, unknown>): Promise<void>;
}

/** The domain side of a job: the worker's processors and the in-process runner both call this. */
export interface JobHandler<D = unknown, R = unknown> {
  queue: import('./queues').QueueName;
  run(data: D, ctx: JobContext): Promise<R>;
  /**
   * Called once the queue has given the job up for good: attempts exhausted, or stalled (its worker died) more
   * often than allowed, when no code of the job ran to record the failure. Must be idempotent.
   */
  gaveUp?(data: D, reason: string): Promise<void>;
}

/**
 * A failure that retrying cannot change (a cancelled run): the job fails at once instead of using its attempts.
 * @example throw new NoRetry(`run ${id} was cancelled`);
 */
export class NoRetry extends Error {}
