export * from './planning.module';
export * from './layer-query.service';
