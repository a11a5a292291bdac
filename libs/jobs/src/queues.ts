/** Queue names. One processor per queue in the worker. */
export const QUEUES = ['projection', 'warnings', 'webhooks', 'optimisation', 'scenario'] as const;
export type QueueName = (typeof QUEUES)[number];
