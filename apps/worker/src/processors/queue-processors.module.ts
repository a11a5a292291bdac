import { Module } from '@nestjs/common';
import { OptimisationProcessor, ProjectionProcessor, ScenarioProcessor, WarningsProcessor, WebhooksProcessor } from './processors';

/** One thin processor per queue. */
@Module({ providers: [ProjectionProcessor, WarningsProcessor, WebhooksProcessor, ScenarioProcessor, OptimisationProcessor] })
export class QueueProcessorsModule {}
