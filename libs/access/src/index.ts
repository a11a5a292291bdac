export * from './roles';
export * from './tokens.service';
export * from './audit.service';
export * from './access.module';
export * from './access.schema';
