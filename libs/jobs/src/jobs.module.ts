import { Global, Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { BullMqJobQueueStrategy } from './bullmq-job-queue-strategy';
import { InMemoryJobQueueStrategy } from './in-memory-job-queue-strategy';
import { JOB_QUEUE_STRATEGY, type JobQueueStrategy } from './job-queue-strategy';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';

export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');
export const QUEUE_PREFIX = Symbol('QUEUE_PREFIX');

/** A Redis connection as BullMQ wants it (no per-request retry limit; commands wait while Redis is down). */
export function createRedis(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** Boot waits briefly for Redis so the first enqueue finds it ready, but starts anyway (health says why). */
async function connectRedis(url: string): Promise<IORedis> {
  const conn = createRedis(url);
  await new Promise<void>((ready) => {
    const timer = setTimeout(ready, 5000);
    conn.once('ready', () => {
      clearTimeout(timer);
      ready();
    });
  });
  return conn;
}

/**
 * Job plumbing shared by the API, the worker and the CLI. The job-queue strategy is chosen here, once: with a Redis
 * URL, BullMQ queues; without one, handlers run in-process.
 */
@Global()
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(
    @Inject(JOB_QUEUE_STRATEGY) private readonly strategy: JobQueueStrategy,
    @Optional() @Inject(REDIS_CONNECTION) private readonly redis: IORedis | null,
  ) {}

  static forRoot(opts: { redisUrl?: string; prefix: string }): DynamicModule {
    const url = opts.redisUrl;
    const providers: DynamicModule['providers'] = [
      JobRegistry,
      JobRunner,
      { provide: QUEUE_PREFIX, useValue: opts.prefix },
      url ? { provide: REDIS_CONNECTION, useFactory: () => connectRedis(url) } : { provide: REDIS_CONNECTION, useValue: null },
      url
        ? {
            provide: JOB_QUEUE_STRATEGY,
            inject: [REDIS_CONNECTION],
            useFactory: (conn: IORedis) => new BullMqJobQueueStrategy(conn, opts.prefix),
          }
        : {
            provide: JOB_QUEUE_STRATEGY,
            inject: [JobRegistry],
            useFactory: (registry: JobRegistry) => new InMemoryJobQueueStrategy(registry),
          },
    ];
    return { module: JobsModule, providers, exports: [JobRegistry, JobRunner, JOB_QUEUE_STRATEGY, REDIS_CONNECTION, QUEUE_PREFIX] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.strategy.close();
    if (this.redis) this.redis.disconnect();
  }
}
