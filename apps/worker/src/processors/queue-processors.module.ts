import { Module } from '@nestjs/common';
import { ProjectionProcessor, WarningsProcessor, WebhooksProcessor } from './processors';

/** One processor per queue; each feature adds its processor here as its handler lands. */
@Module({ providers: [ProjectionProcessor, WarningsProcessor, WebhooksProcessor] })
export class QueueProcessorsModule {}
