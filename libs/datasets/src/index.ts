export * from './datasets.module';
export * from './dataset-store';
export * from './import.service';
export * from './record-mapping';
export * from './dataset.schema';
