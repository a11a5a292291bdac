export * from './datasets.module';
export * from './dataset-store';
export * from './import.service';
export * from './record-mapping';
export * from './layer-query.service';
export * from './travel.service';
export * from './travel.schema';
