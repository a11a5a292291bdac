export * from './warnings.module';
export * from './warnings.service';
export * from './alerts.service';
export * from './webhooks';
export * from './webhook-signature';
export * from './warnings.scheduler';
export * from './figures-query';
export * from './evaluation-store';
