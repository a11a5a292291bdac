import { Module, type DynamicModule } from '@nestjs/common';
import { queueProcessors, type QueueTimings } from './processors';

/** One thin processor per queue. */
@Module({})
export class QueueProcessorsModule {
  static forRoot(timings: QueueTimings): DynamicModule {
    return { module: QueueProcessorsModule, providers: queueProcessors(timings) };
  }
}
