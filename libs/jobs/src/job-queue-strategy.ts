import type { QueueName } from './queues';

export interface EnqueueOptions {
  /** Deduplicates: a job with the same id already waiting or running is not added again. */
  jobId?: string;
  attempts?: number;
}

export interface EnqueuedJob {
  id: string;
  queue: QueueName;
  mode: 'queued' | 'inline';
  /** Only for inline runs: the handler's result. */
  result?: unknown;
}

export interface JobStatus {
  id: string;
  queue: QueueName;
  state: string;
  progress: unknown;
  attemptsMade: number;
  failedReason?: string;
  result?: unknown;
}

/** One step of a chain: run after the step before it has succeeded. */
export interface ChainStep {
  queue: QueueName;
  name: string;
  data: unknown;
}

export interface ChainOptions {
  /** Step i gets the job id `${idPrefix}-${i}-${name}`. */
  idPrefix: string;
  attempts?: number;
  /** In-process only: return when the last step has run instead of at once. */
  wait?: boolean;
}

/**
 * Where jobs go: chosen once, when the jobs module is set up (Redis configured or not), so that no caller branches
 * on it. Modelled on Vendure's `JobQueueStrategy` (`InMemoryJobQueueStrategy` beside the BullMQ plugin's).
 */
export interface JobQueueStrategy {
  /** `queued`: jobs go to a queue that workers take them from; `inline`: they run here, in order, before returning. */
  readonly mode: EnqueuedJob['mode'];
  add(queue: QueueName, data: unknown, opts: EnqueueOptions): Promise<EnqueuedJob>;
  /** Runs steps strictly in order; a failed step stops the ones after it. */
  addChain(steps: ChainStep[], opts: ChainOptions): Promise<{ mode: EnqueuedJob['mode']; rootId: string }>;
  status(queue: QueueName, id: string): Promise<JobStatus | null>;
  /**
   * Keeps one repeatable job `id` on `queue` following the cron `pattern`, or removes it when `pattern` is empty.
   * Returns whether the strategy can schedule at all (an in-process one cannot: nothing runs between commands).
   */
  schedule(id: string, queue: QueueName, pattern: string | undefined, job: { name: string; data: unknown }): Promise<boolean>;
  close(): Promise<void>;
}

/** The injection token of the one strategy the jobs module chose. */
export const JOB_QUEUE_STRATEGY = Symbol('JOB_QUEUE_STRATEGY');

/** The job id of step `i` of a chain. */
export function chainStepIds(steps: ChainStep[], idPrefix: string): string[] {
  return steps.map((s, i) => `${idPrefix}-${i}-${s.name}`);
}
