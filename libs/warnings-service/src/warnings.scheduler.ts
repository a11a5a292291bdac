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
    const pattern = this.cfg.WARNING_CRON || undefined;
    const job = { name: 'warnings', data: { dataset: '*', trigger: 'schedule' } };
    const scheduled = await this.jobs.schedule('warnings-schedule', 'warnings', pattern, job);
    if (scheduled && pattern) this.log.log(`warnings re-evaluated on schedule "${pattern}"`);
  }
}
