import { z } from 'zod';
import { ROLES } from './roles';

/** POST /tokens. */
export const tokenRequestSchema = z.object({ name: z.string().min(1), role: z.enum(ROLES) });

/** POST /tokens: the new token; `token` (the secret) is in this answer only. */
export const createdTokenSchema = z
  .object({ id: z.number().int(), name: z.string(), role: z.enum(ROLES), token: z.string() })
  .meta({ id: 'CreatedToken' });

/** A token as listed (never its secret or hash). */
export const tokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Token' });
export const tokenListSchema = z.array(tokenSchema).meta({ id: 'TokenList' });

/** One write through the API in the audit trail. */
export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string().nullable(),
    role: z.string().nullable(),
    method: z.string(),
    path: z.string(),
    status: z.number().int(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export const auditLogSchema = z.array(auditEntrySchema).meta({ id: 'AuditLog' });

/** GET /me: who the token is and what it may do. */
export const meSchema = z
  .object({ name: z.string().nullable(), role: z.string(), mayReview: z.boolean(), mayRun: z.boolean() })
  .meta({ id: 'Me' });

/** GET /audit query (as it arrives; the handler checks the bounds). */
export const auditQuerySchema = z.object({
  limit: z.string().optional().describe('1-1000, default 100'),
  offset: z.string().optional().describe('default 0'),
});
