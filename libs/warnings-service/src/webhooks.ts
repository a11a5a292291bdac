import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JobRegistry, JobRunner, type JobContext, type JobHandler } from '@app/jobs';
import { signWebhook } from './webhook-signature';

export interface WebhookDelivery {
  url: string;
  event: string;
  body: string;
}

/** POSTs one signed webhook; a non-2xx answer throws so the queue retries it with backoff. */
export async function postWebhook(d: WebhookDelivery, secret: string, timeoutMs = 10_000): Promise<number> {
  const res = await fetch(d.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-edu-event': d.event,
      'x-edu-signature': signWebhook(d.body, secret, Math.floor(Date.now() / 1000)),
    },
    body: d.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`webhook ${d.url} answered ${res.status}`);
  return res.status;
}

/**
 * Sends alert events to the configured receivers. Each delivery is its own job (queued: retried with exponential
 * backoff by BullMQ; in-process: retried in the background), so a failing receiver never blocks evaluation.
 */
@Injectable()
export class WebhookService implements JobHandler<WebhookDelivery, number>, OnModuleInit {
  readonly queue = 'webhooks' as const;
  private readonly log = new Logger('webhooks');

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
    private readonly registry: JobRegistry,
    private readonly jobs: JobRunner,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  run(d: WebhookDelivery, _ctx: JobContext): Promise<number> {
    return postWebhook(d, this.cfg.WEBHOOK_SECRET);
  }

  /** Fans events out to every configured URL without waiting for the receivers. */
  async publish(events: { event: string; payload: unknown }[], urls: string[] = this.cfg.WEBHOOK_URLS): Promise<void> {
    if (urls.length === 0 || events.length === 0) return;
    for (const url of urls) {
      for (const e of events) {
        const d: WebhookDelivery = { url, event: e.event, body: JSON.stringify({ event: e.event, ...((e.payload as object) ?? {}) }) };
        if (this.jobs.queued) await this.jobs.enqueue('webhooks', d, { attempts: 8 });
        else void this.deliverInBackground(d);
      }
    }
  }

  private async deliverInBackground(d: WebhookDelivery): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        await postWebhook(d, this.cfg.WEBHOOK_SECRET);
        return;
      } catch (e) {
        this.log.warn(`${(e as Error).message} (attempt ${attempt})`);
        await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
      }
    }
  }
}
