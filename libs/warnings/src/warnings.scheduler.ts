import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobRunner } from '@app/jobs';

/**
 * Registers the repeatable re-evaluation (WARNING_CRON) once per Redis, or removes it when WARNING_CRON is empty.
 * In-process jobs have no schedule: nothing runs between two commands.
 */
@Injectable()
export class WarningsScheduler implements OnApplicationBootstrap {
  private readonly log = new Logger('warnings');

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
    private readonly jobs: JobRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const scheduled = await this.jobs.schedule('warnings-schedule', 'warnings', this.cfg.WARNING_CRON || undefined, { name: 'warnings', data: { dataset: '*', trigger: 'schedule' } });
    if (scheduled && this.cfg.WARNING_CRON) this.log.log(`warnings re-evaluated on schedule "${this.cfg.WARNING_CRON}"`);
  }
}
