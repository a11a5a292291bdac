import { Processor } from '@nestjs/bullmq';
import { JobRegistry } from '@app/jobs';
import { QueueProcessor } from './queue-processor';

@Processor('projection')
export class ProjectionProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'projection');
  }
}

@Processor('warnings')
export class WarningsProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'warnings');
  }
}

@Processor('webhooks')
export class WebhooksProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'webhooks');
  }
}

@Processor('scenario')
export class ScenarioProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'scenario');
  }
}

// Solves are long and CPU-bound, but run in a worker thread, so the event loop keeps renewing the job lock: the
// default lock (30 s, stalled check every 30 s) lets a killed worker's job be picked up again 30-60 s after it died
// (measured 71 s including the new worker's start; README, "Hostile input and faults").
@Processor('optimisation', { concurrency: 1 })
export class OptimisationProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'optimisation');
  }
}
