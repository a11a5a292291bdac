import { ServiceUnavailableException } from '@nestjs/common';
import { FlowProducer, Queue, type FlowJob } from 'bullmq';
import type IORedis from 'ioredis';
import {
  chainStepIds,
  type ChainOptions,
  type ChainStep,
  type EnqueuedJob,
  type EnqueueOptions,
  type JobQueueStrategy,
  type JobStatus,
} from './job-queue-strategy';
import { QUEUES, type QueueName } from './queues';

const BACKOFF = { type: 'exponential', delay: 2000 } as const;
const KEEP_COMPLETED_S = 7 * 24 * 3600;
const KEEP_FAILED_S = 30 * 24 * 3600;

/**
 * Jobs on BullMQ queues in Redis, taken by the worker's processors: the production path. A chain is one BullMQ flow
 * (each step the child of the next, a failed step fails its parents).
 */
export class BullMqJobQueueStrategy implements JobQueueStrategy {
  readonly mode = 'queued' as const;
  private readonly queues: Map<QueueName, Queue>;
  private readonly flows: FlowProducer;

  constructor(
    private readonly connection: IORedis,
    prefix: string,
  ) {
    this.queues = new Map(QUEUES.map((q) => [q, new Queue(q, { connection, prefix })]));
    this.flows = new FlowProducer({ connection, prefix });
  }

  async add(queue: QueueName, data: unknown, opts: EnqueueOptions): Promise<EnqueuedJob> {
    this.assertUp();
    try {
      const job = await this.queue(queue).add(queue, data, {
        jobId: opts.jobId,
        attempts: opts.attempts ?? 3,
        backoff: BACKOFF,
        removeOnComplete: { age: KEEP_COMPLETED_S, count: 1000 },
        removeOnFail: { age: KEEP_FAILED_S },
      });
      return { id: job.id!, queue, mode: 'queued' };
    } catch (e) {
      throw this.unavailable(e);
    }
  }

  async addChain(steps: ChainStep[], opts: ChainOptions): Promise<{ mode: 'queued'; rootId: string }> {
    const ids = chainStepIds(steps, opts.idPrefix);
    this.assertUp();
    let node: FlowJob | undefined;
    steps.forEach((s, i) => {
      node = {
        name: s.name,
        queueName: s.queue,
        data: s.data,
        opts: {
          jobId: ids[i],
          attempts: opts.attempts ?? 3,
          backoff: BACKOFF,
          failParentOnFailure: true,
          removeOnComplete: { age: KEEP_COMPLETED_S },
        },
        children: node ? [node] : undefined,
      };
    });
    try {
      await this.flows.add(node!);
    } catch (e) {
      throw this.unavailable(e);
    }
    return { mode: 'queued', rootId: ids[ids.length - 1] };
  }

  async status(queue: QueueName, id: string): Promise<JobStatus | null> {
    // Like add: a read would wait for Redis to come back, so say at once that it is away.
    this.assertUp();
    const job = await this.queue(queue).getJob(id);
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

  /** Upserting keeps one schedule however many processes start. */
  async schedule(id: string, queue: QueueName, pattern: string | undefined, job: { name: string; data: unknown }): Promise<boolean> {
    const q = this.queue(queue);
    if (pattern) await q.upsertJobScheduler(id, { pattern }, job);
    else await q.removeJobScheduler(id);
    return true;
  }

  async close(): Promise<void> {
    for (const q of this.queues.values()) await q.close();
    await this.flows.close();
  }

  private queue(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`no queue "${name}"`);
    return q;
  }

  /**
   * BullMQ's connection waits for Redis indefinitely (commands queue while it reconnects), which would hang a
   * request: refuse at once with a 503 while the connection is not ready.
   */
  private assertUp(): void {
    if (this.connection.status !== 'ready') {
      throw new ServiceUnavailableException(
        `the job queue (Redis) is not reachable (connection ${this.connection.status}); nothing was queued, try again when it is back`,
      );
    }
  }

  /** Only a connection failure is Redis being away; anything else (data BullMQ cannot serialise) is not a 503. */
  private unavailable(e: unknown): unknown {
    if (this.connection.status === 'ready' && !/ECONN|ETIMEDOUT|closed|connect/i.test((e as Error).message)) return e;
    return new ServiceUnavailableException(`the job queue (Redis) is not reachable: ${(e as Error).message}. Try again when it is back.`);
  }
}
