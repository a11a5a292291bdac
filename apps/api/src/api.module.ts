import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessModule } from '@app/access';
import { ScenariosModule } from '@app/scenarios-service';
import { AuditInterceptor } from './auth/audit.interceptor';
import { AuthGuard } from './auth/auth.guard';
import { ReadCacheInterceptor } from './read-cache.interceptor';
import { ReadCacheWarmer } from './read-cache-warmer';
import { ScenariosController } from './controllers/scenarios.controller';
import { TokensController } from './controllers/tokens.controller';
import { ConfigModule, type AppConfig } from '@app/config';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage } from 'multer';
import { DatabaseModule, type DatabaseOptions } from '@app/database';
import { DatasetsModule } from '@app/datasets-service';
import { DemandModule } from '@app/projection-service';
import { WarningsModule } from '@app/warnings-service';
import { JobsModule } from '@app/jobs';
import { DatasetsController } from './controllers/datasets.controller';
import { HealthController } from './controllers/health.controller';
import { LayersController } from './controllers/layers.controller';
import { ProjectionsController } from './controllers/projections.controller';
import { AlertsController } from './controllers/alerts.controller';
import { TravelController } from './controllers/travel.controller';

/** Every controller of the API (also what `npm run openapi` documents). */
export const API_CONTROLLERS = [
  HealthController,
  DatasetsController,
  LayersController,
  ProjectionsController,
  AlertsController,
  ScenariosController,
  TokensController,
  TravelController,
];

export interface ApiOptions {
  config: AppConfig;
  database: DatabaseOptions;
  redisUrl?: string;
  queuePrefix: string;
}

/** The HTTP shell: controllers only; every rule lives in the libs' modules. */
@Module({})
export class ApiModule {
  static forRoot(opts: ApiOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(opts.config),
        // Multer enforces the size limit while streaming, so an oversized upload is refused before any parsing; files go
        // to disk as they arrive (never held whole in memory) and ImportSlotsInterceptor removes them when the request ends.
        MulterModule.register({
          storage: diskStorage({ destination: opts.config.UPLOAD_TMP_DIR }),
          limits: { fileSize: opts.config.UPLOAD_MAX_BYTES, files: opts.config.UPLOAD_MAX_FILES },
        }),
        DatabaseModule.forRoot({ poolSize: opts.config.DB_POOL_SIZE, maxWaiting: opts.config.DB_POOL_MAX_WAITING, ...opts.database }),
        JobsModule.forRoot({ redisUrl: opts.redisUrl, prefix: opts.queuePrefix }),
        DatasetsModule,
        DemandModule,
        WarningsModule,
        ScenariosModule,
        AccessModule,
      ],
      controllers: API_CONTROLLERS,
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        // One instance, also reached by the fast path in create-app (app.get).
        ReadCacheInterceptor,
        ReadCacheWarmer,
        { provide: APP_INTERCEPTOR, useExisting: ReadCacheInterceptor },
      ],
    };
  }
}
