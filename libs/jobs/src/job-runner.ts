import { Inject, Injectable, Optional, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { JobRegistry } from './job-registry';
import { QUEUES, type QueueName } from './queues';

export const JOB_QUEUES = Symbol('JOB_QUEUES');

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

/**
 * Enqueues jobs on BullMQ when Redis is configured, otherwise runs the same handler in-process, in order: the demo
 * and CLI need no Redis, and the worker path is the production one.
 */
@Injectable()
export class JobRunner {
  private readonly inline = new Map<string, JobStatus>();

  constructor(
    private readonly registry: JobRegistry,
    @Optional() @Inject(JOB_QUEUES) private readonly queues: Map<QueueName, Queue> | null,
  ) {}

  get queued(): boolean {
    return !!this.queues;
  }

  async enqueue(queue: QueueName, data: unknown, opts: EnqueueOptions = {}): Promise<EnqueuedJob> {
    if (this.queues) {
      const q = this.queues.get(queue)!;
      try {
        const job = await q.add(queue, data, {
          jobId: opts.jobId,
          attempts: opts.attempts ?? 3,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        });
        return { id: job.id!, queue, mode: 'queued' };
      } catch (e) {
        throw new ServiceUnavailableException(`the job queue (Redis) is not reachable: ${(e as Error).message}. Try again when it is back.`);
      }
    }
    const id = opts.jobId ?? randomUUID();
    const status: JobStatus = { id, queue, state: 'active', progress: 0, attemptsMade: 1 };
    this.inline.set(id, status);
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

  async status(queue: QueueName, id: string): Promise<JobStatus | null> {
    if (!this.queues) return this.inline.get(id) ?? null;
    const job = await this.queues.get(queue)!.getJob(id);
    if (!job) return null;
    return {
      id,
      queue,
      state: await job.getState(),
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      failedReason: job.failedReason || undefined,
      result: job.returnvalue ?? undefined,
    };
  }

  static queueNames(): readonly QueueName[] {
    return QUEUES;
  }
}
