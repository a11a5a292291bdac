import 'reflect-metadata';
import { queueProcessors } from './processors';

// The key @nestjs/bullmq's @Processor stores a worker's options under (read by its explorer when it builds the
// BullMQ Worker); not exported from the package's index.
const WORKER_METADATA = 'bullmq:worker_metadata';

describe('queueProcessors', () => {
  it("gives every queue's worker the configured lock and stalled check, the optimisation one job at a time", () => {
    const classes = queueProcessors({ lockDuration: 10_000, stalledInterval: 2_000 });
    expect(classes.map((c) => c.name)).toEqual([
      'ProjectionProcessor',
      'WarningsProcessor',
      'WebhooksProcessor',
      'ScenarioProcessor',
      'OptimisationProcessor',
    ]);
    const opts = classes.map(
      (c) => Reflect.getMetadata(WORKER_METADATA, c) as { lockDuration: number; stalledInterval: number; concurrency?: number },
    );
    expect(opts.map((o) => [o.lockDuration, o.stalledInterval])).toEqual(Array(5).fill([10_000, 2_000]));
    expect(opts.map((o) => o.concurrency)).toEqual([undefined, undefined, undefined, undefined, 1]);
  });
});
