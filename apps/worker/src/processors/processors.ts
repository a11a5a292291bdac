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
