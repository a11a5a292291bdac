import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { PoolQueueFull } from '@app/database';
import { ParentChanged } from '@app/datasets-service';
import { ImportRejected, formatNotice, formatProblem } from '@app/datasets-model';

/** PostgreSQL error codes that mean "this input cannot be stored", by what to tell the client. */
const PG_INPUT_ERRORS: Record<string, string> = {
  '22021': 'text the database cannot store (a NUL byte or invalid UTF-8)',
  '22P05': 'text the database cannot store (a NUL byte or invalid UTF-8)',
  '22003': 'a number out of range',
  '22P02': 'a value of the wrong type',
  '22007': 'an invalid date',
  '22008': 'a date out of range',
  '54001': 'input nested too deeply',
};

/** Every error becomes JSON with a status a client can act on; import rejections list each problem. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof ImportRejected) {
      res.status(400).json({
        statusCode: 400,
        error: 'Import rejected',
        message: `import rejected: ${err.problems.length} problem(s); nothing was written`,
        problems: err.problems.map((p) => ({ ...p, text: formatProblem(p) })),
        notices: err.notices.map((n) => ({ ...n, text: formatNotice(n) })),
      });
      return;
    }
    if (err instanceof ParentChanged) {
      // Only after several imports in a row committed first: the client may simply send it again.
      res
        .status(409)
        .setHeader('Retry-After', '1')
        .json({ statusCode: 409, message: `${err.message}; nothing was written, send the import again` });
      return;
    }
    if (err instanceof PoolQueueFull) {
      // Bounded queueing for the pool: a quick, retryable refusal instead of a 500 after the connection timeout.
      res
        .status(503)
        .setHeader('Retry-After', '2')
        .json({ statusCode: 503, message: `${err.message}: try again in a few seconds` });
      return;
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const body = err.getResponse();
      // A refusal that knows when to come back (a run quota) says so in the standard header too.
      const retryAfter = (body as { retryAfter?: unknown }).retryAfter;
      if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
      res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    const code = (err as { code?: string })?.code;
    // Values PostgreSQL cannot take (a NUL byte, a number past the integer range, "abc" for a number): the client's
    // input, so a 400 naming the problem, never a 500.
    if (err instanceof QueryFailedError && code && PG_INPUT_ERRORS[code]) {
      res.status(400).json({ statusCode: 400, message: `${PG_INPUT_ERRORS[code]}: ${(err.driverError as Error).message}` });
      return;
    }
    // body-parser's own refusals (over the size limit, malformed JSON, unsupported charset) carry their 4xx status.
    const parserStatus = (err as { status?: number; type?: string })?.status;
    if (typeof (err as { type?: string })?.type === 'string' && parserStatus && parserStatus >= 400 && parserStatus < 500) {
      res.status(parserStatus).json({ statusCode: parserStatus, message: (err as Error).message });
      return;
    }
    if (code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FILE_COUNT') {
      res.status(413).json({ statusCode: 413, message: (err as Error).message });
      return;
    }
    this.log.error((err as Error)?.stack ?? String(err));
    res.status(500).json({ statusCode: 500, message: 'internal error' });
  }
}
