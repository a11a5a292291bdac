export * from './planning.module';
export * from './layer-query.service';
export * from './travel.service';
export * from './travel.schema';
export * from './layer.schema';
