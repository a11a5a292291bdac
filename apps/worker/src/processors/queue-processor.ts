import { Logger } from '@nestjs/common';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobRegistry, NoRetry, type QueueName } from '@app/jobs';

/** BullMQ's failed reason of a parent whose child failed (failParentOnFailure). */
const CHILD_FAILED = /^child \S+ failed$/;
const CHILD_GRACE_MS = 3000;

/** What the processor reads of a BullMQ job (a spec passes a plain object of this shape). */
export type ProcessedJob = Pick<Job, 'id' | 'data' | 'attemptsMade' | 'opts' | 'updateProgress' | 'getState'>;

/** Thin BullMQ processor: unpacks the job and calls the registered domain handler. */
export abstract class QueueProcessor extends WorkerHost {
  private readonly log = new Logger(this.constructor.name);

  protected constructor(
    private readonly registry: JobRegistry,
    private readonly queue: QueueName,
  ) {
    super();
  }

  async process(job: ProcessedJob): Promise<unknown> {
    this.log.log(`${this.queue} job ${job.id} attempt ${job.attemptsMade + 1}`);
    try {
      return await this.registry.get(this.queue).run(job.data, {
        jobId: String(job.id),
        attempt: job.attemptsMade + 1,
        finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        progress: async (p) => job.updateProgress(p as number | object),
      });
    } catch (e) {
      // BullMQ's way to skip the remaining attempts.
      if (e instanceof NoRetry) throw new UnrecoverableError(e.message);
      throw e;
    }
  }

  /**
   * A job BullMQ fails for good, including one it fails without running it (stalled more than allowed after its
   * workers were killed), is handed to the domain, which records the failure where users look (the run).
   */
  @OnWorkerEvent('failed')
  async onFailed(job: ProcessedJob | undefined, err: Error): Promise<void> {
    if (!job) return;
    try {
      if ((await job.getState()) !== 'failed') return;
      const handler = this.registry.get(this.queue);
      this.log.warn(`${this.queue} job ${job.id} given up after ${job.attemptsMade} attempt(s): ${err.message}`);
      // A parent fails because its child did ("child <key> failed"); both events arrive at about the same time. The
      // child's own event names the step that failed and why, so the parent's is recorded only if, after a grace
      // period, nothing has recorded the failure (the domain ignores a run that already ended).
      if (CHILD_FAILED.test(err.message)) await new Promise((r) => setTimeout(r, CHILD_GRACE_MS));
      await handler.gaveUp?.(job.data, err.message);
    } catch (e) {
      this.log.error(`recording the failure of ${this.queue} job ${job.id} failed: ${(e as Error).message}`);
    }
  }
}
