import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { DatabaseModule, type DatabaseOptions } from '@app/database';
import { DatasetsModule } from '@app/datasets-service';
import { DemandModule } from '@app/projection-service';
import { WarningsModule } from '@app/warnings-service';
import { ScenariosModule } from '@app/scenarios-service';
import { AccessModule } from '@app/access';
import { JobsModule } from '@app/jobs';

/** The CLI's application context: the same domain modules as the API and worker, no HTTP. */
@Module({})
export class CliModule {
  static forRoot(opts: { database: DatabaseOptions; redisUrl?: string; queuePrefix: string }): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(),
        DatabaseModule.forRoot(opts.database),
        JobsModule.forRoot({ redisUrl: opts.redisUrl, prefix: opts.queuePrefix }),
        DatasetsModule,
        DemandModule,
        WarningsModule,
        ScenariosModule,
        AccessModule,
      ],
    };
  }
}
