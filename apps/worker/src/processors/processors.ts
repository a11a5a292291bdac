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

// Solves are long and CPU-bound (in a worker thread): one at a time per process, with a long lock.
@Processor('optimisation', { concurrency: 1, lockDuration: 120_000 })
export class OptimisationProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'optimisation');
  }
}
