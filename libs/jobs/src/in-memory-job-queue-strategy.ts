import { randomUUID } from 'node:crypto';
import type { JobRegistry } from './job-registry';
import {
  chainStepIds,
  type ChainOptions,
  type ChainStep,
  type EnqueuedJob,
  type EnqueueOptions,
  type JobQueueStrategy,
  type JobStatus,
} from './job-queue-strategy';
import type { QueueName } from './queues';

/**
 * Runs each job's handler in this process, at once and in order: the demo and the CLI need no Redis. One attempt
 * (the attempt is final, so the handler records a failure itself); statuses live as long as the process.
 */
export class InMemoryJobQueueStrategy implements JobQueueStrategy {
  readonly mode = 'inline' as const;
  private readonly statuses = new Map<string, JobStatus>();

  constructor(private readonly registry: JobRegistry) {}

  async add(queue: QueueName, data: unknown, opts: EnqueueOptions): Promise<EnqueuedJob> {
    const id = opts.jobId ?? randomUUID();
    const status: JobStatus = { id, queue, state: 'active', progress: 0, attemptsMade: 1 };
    this.statuses.set(id, status);
    try {
      const result = await this.registry.get(queue).run(data, {
        jobId: id,
        attempt: 1,
        finalAttempt: true,
        progress: async (p) => {
          status.progress = p;
        },
      });
      Object.assign(status, { state: 'completed', result });
      return { id, queue, mode: 'inline', result };
    } catch (e) {
      Object.assign(status, { state: 'failed', failedReason: (e as Error).message });
      throw e;
    }
  }

  /** One step after the other, in the background unless `wait`: a request that starts a run does not wait for it. */
  async addChain(steps: ChainStep[], opts: ChainOptions): Promise<{ mode: 'inline'; rootId: string }> {
    const ids = chainStepIds(steps, opts.idPrefix);
    const run = async () => {
      for (const [i, s] of steps.entries()) await this.add(s.queue, s.data, { jobId: ids[i] });
    };
    if (opts.wait) await run();
    // A failed step has recorded its failure (final attempt) and its status says so; nothing is left to report.
    else void run().catch(() => undefined);
    return { mode: 'inline', rootId: ids[ids.length - 1] };
  }

  async status(_queue: QueueName, id: string): Promise<JobStatus | null> {
    return this.statuses.get(id) ?? null;
  }

  async schedule(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {
    this.statuses.clear();
  }
}
