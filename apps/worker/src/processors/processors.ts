import type { Type } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { JobRegistry } from '@app/jobs';
import { QueueProcessor } from './queue-processor';

/** BullMQ's stall detection, from the config (QUEUE_LOCK_MS, QUEUE_STALLED_CHECK_MS). */
export interface QueueTimings {
  lockDuration: number;
  stalledInterval: number;
}

/**
 * One processor class per queue. Built per worker module because @Processor's worker options are fixed when the
 * class is decorated, and the lock times come from the validated config (tests shorten them).
 */
export function queueProcessors(timings: QueueTimings): Type<QueueProcessor>[] {
  @Processor('projection', timings)
  class ProjectionProcessor extends QueueProcessor {
    constructor(registry: JobRegistry) {
      super(registry, 'projection');
    }
  }

  @Processor('warnings', timings)
  class WarningsProcessor extends QueueProcessor {
    constructor(registry: JobRegistry) {
      super(registry, 'warnings');
    }
  }

  @Processor('webhooks', timings)
  class WebhooksProcessor extends QueueProcessor {
    constructor(registry: JobRegistry) {
      super(registry, 'webhooks');
    }
  }

  @Processor('scenario', timings)
  class ScenarioProcessor extends QueueProcessor {
    constructor(registry: JobRegistry) {
      super(registry, 'scenario');
    }
  }

  // Solves are long and CPU-bound, but run in a worker thread, so the event loop keeps renewing the job lock: the
  // default lock (30 s, stalled check every 30 s) lets a killed worker's job be picked up again 30-60 s after it died
  // (measured 71 s including the new worker's start; README, "Hostile input and faults").
  @Processor('optimisation', { ...timings, concurrency: 1 })
  class OptimisationProcessor extends QueueProcessor {
    constructor(registry: JobRegistry) {
      super(registry, 'optimisation');
    }
  }

  return [ProjectionProcessor, WarningsProcessor, WebhooksProcessor, ScenarioProcessor, OptimisationProcessor];
}
