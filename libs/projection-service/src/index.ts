export * from './demand.module';
export * from './projection.service';
export * from './projection-key';
export * from './assumptions.schema';
export * from './projection-prune';
export * from './projection.schema';
