import { Inject, Injectable } from '@nestjs/common';
import {
  JOB_QUEUE_STRATEGY,
  type ChainOptions,
  type ChainStep,
  type EnqueuedJob,
  type EnqueueOptions,
  type JobQueueStrategy,
  type JobStatus,
} from './job-queue-strategy';
import type { QueueName } from './queues';

export type { EnqueueOptions, EnqueuedJob, JobStatus } from './job-queue-strategy';

/**
 * What features call to start jobs: the strategy behind it (BullMQ when Redis is configured, in-process otherwise)
 * was chosen once by `JobsModule.forRoot`.
 */
@Injectable()
export class JobRunner {
  constructor(@Inject(JOB_QUEUE_STRATEGY) private readonly strategy: JobQueueStrategy) {}

  /** Jobs go to a queue that workers take them from (not run here before returning). */
  get queued(): boolean {
    return this.strategy.mode === 'queued';
  }

  enqueue(queue: QueueName, data: unknown, opts: EnqueueOptions = {}): Promise<EnqueuedJob> {
    return this.strategy.add(queue, data, opts);
  }

  /** Runs steps strictly in order (see `JobQueueStrategy.addChain`). */
  enqueueChain(steps: ChainStep[], opts: ChainOptions): Promise<{ mode: EnqueuedJob['mode']; rootId: string }> {
    return this.strategy.addChain(steps, opts);
  }

  status(queue: QueueName, id: string): Promise<JobStatus | null> {
    return this.strategy.status(queue, id);
  }

  /** See `JobQueueStrategy.schedule`. */
  schedule(id: string, queue: QueueName, pattern: string | undefined, job: { name: string; data: unknown }): Promise<boolean> {
    return this.strategy.schedule(id, queue, pattern, job);
  }
}
