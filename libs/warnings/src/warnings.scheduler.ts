import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JOB_QUEUES, type QueueName } from '@app/jobs';

/** Registers the repeatable re-evaluation (WARNING_CRON) once per Redis; upserting keeps one schedule however many workers start. */
@Injectable()
export class WarningsScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger('warnings');

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
    @Optional() @Inject(JOB_QUEUES) private readonly queues: Map<QueueName, Queue> | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const q = this.queues?.get('warnings');
    if (!q) return;
    if (!this.cfg.WARNING_CRON) {
      await q.removeJobScheduler('warnings-schedule');
      return;
    }
    await q.upsertJobScheduler('warnings-schedule', { pattern: this.cfg.WARNING_CRON }, { name: 'warnings', data: { dataset: '*', trigger: 'schedule' } });
    this.log.log(`warnings re-evaluated on schedule "${this.cfg.WARNING_CRON}"`);
  }
}
