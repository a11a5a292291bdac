import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ParentChanged } from '@app/datasets';
import { ImportRejected, formatProblem } from '@app/importer';

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
      });
      return;
    }
    if (err instanceof ParentChanged) {
      // Only after several imports in a row committed first: the client may simply send it again.
      res.status(409).setHeader('Retry-After', '1').json({ statusCode: 409, message: `${err.message}; nothing was written, send the import again` });
      return;
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const body = err.getResponse();
      res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    const code = (err as { code?: string })?.code;
    if (code === 'LIMIT_FILE_SIZE' || code === 'LIMIT_FILE_COUNT') {
      res.status(413).json({ statusCode: 413, message: (err as Error).message });
      return;
    }
    this.log.error((err as Error)?.stack ?? String(err));
    res.status(500).json({ statusCode: 500, message: 'internal error' });
  }
}
