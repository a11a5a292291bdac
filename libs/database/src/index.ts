export * from './entities';
export * from './data-source';
export * from './migrations';
export * from './embedded-postgres';
export * from './database.module';
export * from './schema-check';
export * from './resolve-url';
export * from './db-changes';
