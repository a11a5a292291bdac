import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { AuditService } from '@app/access';
import type { ActorInfo } from './auth.decorators';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Body fields that say what a write decided (the role of a new token, a review's decision), never secrets. */
const DECISION_FIELDS = ['role', 'name', 'decision', 'mode', 'layer', 'label', 'consolidate'];

function decisionOf(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const f of DECISION_FIELDS) {
    const v = (body as Record<string, unknown>)[f];
    if (typeof v === 'string') out[f] = v.slice(0, 200);
    else if (typeof v === 'boolean' || typeof v === 'number') out[f] = v;
  }
  return out;
}

/** Records every write (who, role, what, what it decided, outcome) after it is answered; refusals are audited by the guard. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly log = new Logger('audit');

  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { actor?: ActorInfo; audit?: Record<string, unknown> }>();
    if (!WRITES.has(req.method)) return next.handle();
    const write = (status: number, error?: string) =>
      void this.audit
        .record({
          actor: req.actor?.name ?? null,
          role: req.actor?.role ?? null,
          method: req.method,
          path: req.originalUrl.slice(0, 500),
          status,
          // A handler may name what the write decided (req.audit), e.g. a review's run, decision and note.
          details: {
            outcome: status < 400 ? 'done' : 'failed',
            ...(error ? { error: error.slice(0, 500) } : {}),
            params: req.params,
            request: req.audit ?? decisionOf(req.body),
          },
        })
        .catch((e: unknown) => this.log.error(`audit write failed: ${(e as Error).message}`));
    return next.handle().pipe(
      tap({
        next: () => write(ctx.switchToHttp().getResponse<Response>().statusCode),
        error: (e: { status?: number; message?: string }) => write(e?.status ?? 500, e?.message),
      }),
    );
  }
}
