import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { boundPoolQueue } from './pool-bound';
import { assertSchemaCurrent } from './schema-check';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseOptions {
  url: string;
  /** Run pending migrations at start (embedded/demo use). Otherwise pending migrations stop the boot. */
  migrate: boolean;
  poolSize?: number;
  /** Callers that may wait for a pooled connection; past that they are refused at once (PoolQueueFull). */
  maxWaiting?: number;
  applicationName?: string;
}

/** Provides the initialised TypeORM DataSource. The URL comes from bootstrap, which may start an embedded server. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        {
          provide: DataSource,
          useFactory: async (): Promise<DataSource> => {
            const ds = createDataSource(options.url, { poolSize: options.poolSize, applicationName: options.applicationName });
            await ds.initialize();
            if (options.maxWaiting !== undefined) boundPoolQueue(ds, options.maxWaiting);
            if (options.migrate) await ds.runMigrations({ transaction: 'each' });
            else await assertSchemaCurrent(ds);
            return ds;
          },
        },
      ],
      exports: [DataSource, DATABASE_OPTIONS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
