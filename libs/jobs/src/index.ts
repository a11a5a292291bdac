export * from './queues';
export * from './job-handler';
export * from './job-registry';
export * from './job-queue-strategy';
export * from './in-memory-job-queue-strategy';
export * from './bullmq-job-queue-strategy';
export * from './job-runner';
export * from './jobs.module';
