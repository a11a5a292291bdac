import { Module, type DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, type DatabaseOptions } from '@app/database';
import { DatasetsModule } from '@app/datasets-service';
import { DemandModule } from '@app/projection-service';
import { WarningsModule, WarningsScheduler } from '@app/warnings-service';
import { ScenariosModule } from '@app/scenarios-service';
import { JobsModule, QUEUES } from '@app/jobs';
import { QueueProcessorsModule } from './processors/queue-processors.module';

/** The queue shell: the same domain modules as the API, BullMQ processors instead of controllers. */
@Module({})
export class WorkerModule {
  static forRoot(opts: { config: AppConfig; database: DatabaseOptions; redisUrl: string }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(opts.config),
        DatabaseModule.forRoot(opts.database),
        JobsModule.forRoot({ redisUrl: opts.redisUrl, prefix: opts.config.QUEUE_PREFIX }),
        BullModule.forRoot({ connection: { url: opts.redisUrl, maxRetriesPerRequest: null }, prefix: opts.config.QUEUE_PREFIX }),
        ...QUEUES.map((name) => BullModule.registerQueue({ name })),
        DatasetsModule,
        DemandModule,
        WarningsModule,
        ScenariosModule,
        QueueProcessorsModule.forRoot({ lockDuration: opts.config.QUEUE_LOCK_MS, stalledInterval: opts.config.QUEUE_STALLED_CHECK_MS }),
      ],
      providers: [WarningsScheduler],
    };
  }
}
