import { Module } from '@nestjs/common';
import { ProjectionProcessor } from './projection.processor';

/** One processor per queue; each feature adds its processor here as its handler lands. */
@Module({ providers: [ProjectionProcessor] })
export class QueueProcessorsModule {}
