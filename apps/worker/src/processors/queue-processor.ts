import { Logger } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobRegistry, type QueueName } from '@app/jobs';

/** Thin BullMQ processor: unpacks the job and calls the registered domain handler. */
export abstract class QueueProcessor extends WorkerHost {
  private readonly log = new Logger(this.constructor.name);

  protected constructor(
    private readonly registry: JobRegistry,
    private readonly queue: QueueName,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    this.log.log(`${this.queue} job ${job.id} attempt ${job.attemptsMade + 1}`);
    return this.registry.get(this.queue).run(job.data, {
      jobId: String(job.id),
      attempt: job.attemptsMade + 1,
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      progress: async (p) => job.updateProgress(p as number | object),
    });
  }
}
