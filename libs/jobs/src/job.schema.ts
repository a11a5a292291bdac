import { z } from 'zod';
import { QUEUES } from './queues';

/** A job handed to a queue (or, without Redis, run at once: `mode: inline` with its result). */
export const enqueuedJobSchema = z
  .object({
    id: z.string(),
    queue: z.enum(QUEUES),
    mode: z.enum(['queued', 'inline']),
    result: z.unknown().optional().describe("inline runs only: the handler's result"),
  })
  .meta({ id: 'EnqueuedJob' });

/** GET /jobs/:queue/:id. */
export const jobStatusSchema = z
  .object({
    id: z.string(),
    queue: z.enum(QUEUES),
    state: z.string(),
    progress: z.unknown(),
    attemptsMade: z.number().int(),
    failedReason: z.string().optional(),
    result: z.unknown().optional(),
  })
  .meta({ id: 'JobStatus' });
