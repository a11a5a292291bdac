import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { rm } from 'node:fs/promises';
import type { Request, Response } from 'express';
import { Observable, finalize } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '@app/config';

/**
 * Runs before the upload is read: refuses an import whose declared size is over the per-request total (413) or that
 * declares none (411), and one that would exceed the number of imports this process runs at once (503 with
 * Retry-After). Uploads are spooled to UPLOAD_TMP_DIR (multer's disk storage) and read one file at a time while
 * parsed; when the request ends, whatever happened, its spooled files are removed here.
 */
@Injectable()
export class ImportSlotsInterceptor implements NestInterceptor {
  private active = 0;

  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const declared = req.headers['content-length'];
    if (declared === undefined)
      throw new HttpException('an import must declare its Content-Length (no chunked uploads)', HttpStatus.LENGTH_REQUIRED);
    const bytes = Number(declared);
    if (!Number.isFinite(bytes) || bytes > this.cfg.UPLOAD_MAX_TOTAL_BYTES) {
      throw new HttpException(
        `${declared} bytes in one import: over the limit of ${this.cfg.UPLOAD_MAX_TOTAL_BYTES} bytes per request (UPLOAD_MAX_TOTAL_BYTES)`,
        HttpStatus.PAYLOAD_TOO_LARGE,
      );
    }
    if (this.active >= this.cfg.IMPORT_MAX_CONCURRENT) {
      ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', '5');
      throw new HttpException(
        `${this.active} imports are running (IMPORT_MAX_CONCURRENT): try again in a few seconds`,
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    this.active++;
    let released = false;
    const release = () => {
      if (!released) {
        this.active--;
        // Multer removes what it spooled when the upload itself fails; after that the files are ours to remove.
        const files = (req as Request & { files?: Express.Multer.File[] }).files;
        for (const f of Array.isArray(files) ? files : []) if (f.path) void rm(f.path, { force: true }).catch(() => undefined);
      }
      released = true;
    };
    // A client that disconnects mid-upload must give its slot back too.
    req.once('close', () => {
      if (req.readableAborted) release();
    });
    return next.handle().pipe(finalize(release));
  }
}
