import { Injectable } from '@nestjs/common';
import type { JobHandler } from './job-handler';
import type { QueueName } from './queues';

/** Handlers by queue; feature modules register theirs at init. */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<QueueName, JobHandler>();

  register(handler: JobHandler): void {
    if (this.handlers.has(handler.queue)) throw new Error(`a handler for queue "${handler.queue}" is already registered`);
    this.handlers.set(handler.queue, handler);
  }

  get(queue: QueueName): JobHandler {
    const h = this.handlers.get(queue);
    if (!h) throw new Error(`no handler registered for queue "${queue}"`);
    return h;
  }

  has(queue: QueueName): boolean {
    return this.handlers.has(queue);
  }
}
