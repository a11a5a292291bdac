import {
  BadRequestException,
  HttpException,
  HttpStatus,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/** Deepest JSON nesting a request body may have; nothing the API accepts nests past a dozen levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * Depth of a parsed JSON value, counted without recursion (a hostile body of 100,000 brackets must not overflow the
 * stack). Stops counting past `limit`.
 * @example jsonDepth({ a: [1, { b: 2 }] }) // 3
 */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

const ACCEPTED = /^(application\/json|multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

/**
 * Refuses request bodies the API cannot read before any handler sees them: a body in another content type (415,
 * instead of a handler meeting an empty body) and JSON nested deeper than {@link MAX_BODY_DEPTH} (400).
 */
@Injectable()
export class BodyShapeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !ACCEPTED.test(req.headers['content-type'] ?? '')) {
      throw new HttpException(
        `unsupported content type "${String(req.headers['content-type'] ?? '(none)').slice(0, 100)}": send ` +
          `application/json (or multipart/form-data for imports)`,
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    if (req.body !== undefined && jsonDepth(req.body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH)
      throw new BadRequestException(`the body is nested deeper than ${MAX_BODY_DEPTH} levels`);
    return next.handle();
  }
}
