import { Controller, Get, HttpCode, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS_CONNECTION } from '@app/jobs';
import { Public } from '../auth/auth.decorators';

async function timed<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([fn(), new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(REDIS_CONNECTION) private readonly redis: IORedis | null,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'PostgreSQL and Redis reachability (503 when either is down)' })
  async health(): Promise<Record<string, unknown>> {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      await timed(() => this.ds.query('SELECT 1'), 3000);
      checks.postgres = { ok: true };
    } catch (e) {
      checks.postgres = { ok: false, detail: (e as Error).message };
    }
    if (this.redis) {
      try {
        await timed(() => this.redis!.ping(), 3000);
        checks.redis = { ok: true };
      } catch (e) {
        checks.redis = { ok: false, detail: (e as Error).message };
      }
    } else checks.redis = { ok: true, detail: 'not configured: jobs run in-process' };
    const ok = Object.values(checks).every((c) => c.ok);
    if (!ok) throw new ServiceUnavailableException({ status: 'down', checks });
    return { status: 'ok', checks };
  }
}
