import { Controller, Get, HttpCode, Inject, Optional, ServiceUnavailableException, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { pgPoolOf } from '@app/database';
import { REDIS_CONNECTION } from '@app/jobs';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { ApiReply } from '../openapi';

const check = z.object({ ok: z.boolean(), detail: z.string().optional() });
/** GET /health (the same shape, with status "down", is the body of its 503). */
export const healthSchema = z
  .object({ status: z.enum(['ok', 'down']), checks: z.object({ postgres: check, redis: check }) })
  .meta({ id: 'Health' });

async function timed<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      fn(),
      new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController implements OnModuleDestroy {
  /**
   * Its own connection, outside the request pool: with every pooled connection busy on heavy reads, PostgreSQL is
   * still up, and /health says so (and how many requests wait for the pool) instead of timing out into a false 503.
   */
  private probe: Client | null = null;

  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(REDIS_CONNECTION) private readonly redis: IORedis | null,
  ) {}

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'PostgreSQL and Redis reachability (503 when either is down)' })
  @ApiReply(healthSchema)
  async health(): Promise<z.output<typeof healthSchema>> {
    const checks: Partial<z.output<typeof healthSchema>['checks']> = {};
    try {
      await timed(() => this.probeQuery(), 3000);
      checks.postgres = { ok: true, ...this.poolState() };
    } catch (e) {
      this.dropProbe();
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
    // A readiness signal for a load balancer, not a fault: requests queue for the pool and are still answered.
    if (!ok || !checks.postgres || !checks.redis) throw new ServiceUnavailableException({ status: 'down', checks });
    return { status: 'ok', checks: { postgres: checks.postgres, redis: checks.redis } };
  }

  private async probeQuery(): Promise<void> {
    if (!this.probe) {
      const url = (this.ds.options as { url?: string }).url;
      const client = new Client({ connectionString: url, application_name: 'edu-health', connectionTimeoutMillis: 3000 });
      client.on('error', () => this.dropProbe());
      this.probe = client;
      await client.connect();
    }
    await this.probe.query('SELECT 1');
  }

  private dropProbe(): void {
    const c = this.probe;
    this.probe = null;
    if (c) void c.end().catch(() => undefined);
  }

  /** How busy the request pool is: connections in use and requests waiting for one. */
  private poolState(): { detail?: string } {
    const pool = pgPoolOf(this.ds);
    if (!pool) return {};
    return {
      detail: `pool: ${pool.totalCount - pool.idleCount} of ${pool.totalCount} connections in use, ${pool.waitingCount} requests waiting`,
    };
  }

  onModuleDestroy(): void {
    this.dropProbe();
  }
}
