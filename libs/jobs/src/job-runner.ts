import { Inject, Injectable, Optional, ServiceUnavailableException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FlowProducer, Queue, type FlowJob } from 'bullmq';
import type IORedis from 'ioredis';
import { JobRegistry } from './job-registry';
import type { QueueName } from './queues';

export const JOB_QUEUES = Symbol('JOB_QUEUES');
export const FLOW_PRODUCER = Symbol('FLOW_PRODUCER');
export const JOB_CONNECTION = Symbol('JOB_CONNECTION');

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
    @Optional() @Inject(FLOW_PRODUCER) private readonly flows: FlowProducer | null,
    @Optional() @Inject(JOB_CONNECTION) private readonly connection: IORedis | null,
  ) {}

  /**
   * BullMQ's connection waits for Redis indefinitely (commands queue while it reconnects), which would hang a
   * request: refuse at once with a 503 while the connection is not ready.
   */
  private assertQueueUp(): void {
    if (this.connection && this.connection.status !== 'ready') {
      throw new ServiceUnavailableException(`the job queue (Redis) is not reachable (connection ${this.connection.status}); nothing was queued, try again when it is back`);
    }
  }

  get queued(): boolean {
    return !!this.queues;
  }

  async enqueue(queue: QueueName, data: unknown, opts: EnqueueOptions = {}): Promise<EnqueuedJob> {
    if (this.queues) {
      this.assertQueueUp();
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
        // Only a connection failure is Redis being away; anything else (data BullMQ cannot serialise) is not a 503.
        if (this.connection && this.connection.status === 'ready' && !/ECONN|ETIMEDOUT|closed|connect/i.test((e as Error).message)) throw e;
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

  /**
   * Runs steps strictly in order: on Redis as one BullMQ flow (each step the child of the next, a failed step fails
   * its parents); in-process one after the other, in the background unless `wait`.
   */
  async enqueueChain(steps: { queue: QueueName; name: string; data: unknown }[], opts: { idPrefix: string; attempts?: number; wait?: boolean }): Promise<{ mode: 'queued' | 'inline'; rootId: string }> {
    const ids = steps.map((s, i) => `${opts.idPrefix}-${i}-${s.name}`);
    if (this.flows) {
      this.assertQueueUp();
      let node: FlowJob | undefined;
      steps.forEach((s, i) => {
        node = {
          name: s.name,
          queueName: s.queue,
          data: s.data,
          opts: { jobId: ids[i], attempts: opts.attempts ?? 3, backoff: { type: 'exponential', delay: 2000 }, failParentOnFailure: true, removeOnComplete: { age: 7 * 24 * 3600 } },
          children: node ? [node] : undefined,
        };
      });
      try {
        await this.flows.add(node!);
      } catch (e) {
        // Only a connection failure is Redis being away; anything else (data BullMQ cannot serialise) is not a 503.
        if (this.connection && this.connection.status === 'ready' && !/ECONN|ETIMEDOUT|closed|connect/i.test((e as Error).message)) throw e;
        throw new ServiceUnavailableException(`the job queue (Redis) is not reachable: ${(e as Error).message}. Try again when it is back.`);
      }
      return { mode: 'queued', rootId: ids[ids.length - 1] };
    }
    const run = async () => {
      for (const [i, s] of steps.entries()) await this.enqueue(s.queue, s.data, { jobId: ids[i] });
    };
    if (opts.wait) await run();
    else void run().catch(() => undefined);
    return { mode: 'inline', rootId: ids[ids.length - 1] };
  }

  async status(queue: QueueName, id: string): Promise<JobStatus | null> {
    if (!this.queues) return this.inline.get(id) ?? null;
    // Like enqueue: a read would wait for Redis to come back, so say at once that it is away.
    this.assertQueueUp();
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
}
