export * from './queues';
export * from './job-handler';
export * from './job-registry';
export * from './job-runner';
export * from './jobs.module';
