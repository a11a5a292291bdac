import { Processor } from '@nestjs/bullmq';
import { JobRegistry } from '@app/jobs';
import { QueueProcessor } from './queue-processor';

@Processor('projection')
export class ProjectionProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'projection');
  }
}
