import { z } from 'zod';

/** POST /runs/:id/review: the run it acts on, the decision, a note, and `supersede` to replace an earlier review. */
export const reviewRequestSchema = z
  .object({
    runId: z.number().int().min(1),
    decision: z.enum(['approved', 'rejected']),
    note: z.string().trim().min(1, 'a review needs a note').max(4000),
    supersede: z.boolean().optional(),
  })
  .strict();

export type ReviewRequest = z.infer<typeof reviewRequestSchema>;
