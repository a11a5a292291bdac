import { Global, Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { FlowProducer, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { JobRegistry } from './job-registry';
import { FLOW_PRODUCER, JOB_CONNECTION, JOB_QUEUES, JobRunner } from './job-runner';
import { QUEUES, type QueueName } from './queues';

export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');
export const QUEUE_PREFIX = Symbol('QUEUE_PREFIX');

/** A Redis connection as BullMQ wants it (no per-request retry limit; commands wait while Redis is down). */
export function createRedis(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/**
 * Job plumbing shared by the API, the worker and the CLI. With a Redis URL the queues are BullMQ queues; without one
 * the JobRunner runs handlers in-process.
 */
@Global()
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(
    @Optional() @Inject(JOB_QUEUES) private readonly queues: Map<QueueName, Queue> | null,
    @Optional() @Inject(REDIS_CONNECTION) private readonly redis: IORedis | null,
    @Optional() @Inject(FLOW_PRODUCER) private readonly flows: FlowProducer | null,
  ) {}

  static forRoot(opts: { redisUrl?: string; prefix: string }): DynamicModule {
    const providers: DynamicModule['providers'] = [JobRegistry, JobRunner, { provide: QUEUE_PREFIX, useValue: opts.prefix }];
    if (opts.redisUrl) {
      const url = opts.redisUrl;
      providers.push(
        {
          provide: REDIS_CONNECTION,
          // Boot waits briefly for Redis so the first enqueue finds it ready, but starts anyway (health says why).
          useFactory: async () => {
            const conn = createRedis(url);
            await new Promise<void>((ready) => {
              const timer = setTimeout(ready, 5000);
              conn.once('ready', () => {
                clearTimeout(timer);
                ready();
              });
            });
            return conn;
          },
        },
        {
          provide: JOB_QUEUES,
          inject: [REDIS_CONNECTION],
          useFactory: (conn: IORedis) => new Map(QUEUES.map((q) => [q, new Queue(q, { connection: conn, prefix: opts.prefix })])),
        },
        { provide: FLOW_PRODUCER, inject: [REDIS_CONNECTION], useFactory: (conn: IORedis) => new FlowProducer({ connection: conn, prefix: opts.prefix }) },
        { provide: JOB_CONNECTION, useExisting: REDIS_CONNECTION },
      );
    } else {
      providers.push({ provide: JOB_QUEUES, useValue: null }, { provide: REDIS_CONNECTION, useValue: null }, { provide: FLOW_PRODUCER, useValue: null }, { provide: JOB_CONNECTION, useValue: null });
    }
    return { module: JobsModule, providers, exports: [JobRegistry, JobRunner, JOB_QUEUES, REDIS_CONNECTION, QUEUE_PREFIX, FLOW_PRODUCER] };
  }

  async onApplicationShutdown(): Promise<void> {
    for (const q of this.queues?.values() ?? []) await q.close();
    await this.flows?.close();
    if (this.redis) this.redis.disconnect();
  }
}
