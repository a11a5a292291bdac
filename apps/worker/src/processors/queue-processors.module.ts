import { Module } from '@nestjs/common';

/** One processor per queue; each feature adds its processor here as its handler lands. */
@Module({ providers: [] })
export class QueueProcessorsModule {}
