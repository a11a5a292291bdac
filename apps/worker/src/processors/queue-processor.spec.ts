import { UnrecoverableError, type JobState } from 'bullmq';
import { JobRegistry, NoRetry } from '@app/jobs';
import { QueueProcessor, type ProcessedJob } from './queue-processor';

class TestProcessor extends QueueProcessor {
  constructor(registry: JobRegistry) {
    super(registry, 'scenario');
  }
}

const job = (state: JobState): ProcessedJob => ({
  id: '1',
  data: { runId: 7, step: 'optimisation' },
  attemptsMade: 0,
  opts: { attempts: 3 },
  updateProgress: async () => undefined,
  getState: async () => state,
});

describe('QueueProcessor', () => {
  it("turns a NoRetry failure (a cancelled run) into BullMQ's UnrecoverableError, so no attempt is spent on it", async () => {
    const registry = new JobRegistry();
    registry.register({ queue: 'scenario', run: async () => Promise.reject(new NoRetry('run 7 was cancelled')) });
    const p = new TestProcessor(registry).process(job('active'));
    await expect(p).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(p).rejects.toThrow('run 7 was cancelled');
  });

  it('keeps ordinary failures retryable', async () => {
    const registry = new JobRegistry();
    registry.register({ queue: 'scenario', run: async () => Promise.reject(new Error('database away')) });
    await expect(new TestProcessor(registry).process(job('active'))).rejects.not.toBeInstanceOf(UnrecoverableError);
  });

  it('hands a job the queue gave up on to the domain once it is failed for good, not while it will be retried', async () => {
    const gaveUp: string[] = [];
    const registry = new JobRegistry();
    registry.register({
      queue: 'scenario',
      run: async () => undefined,
      gaveUp: async (d, reason) => void gaveUp.push(`${(d as { runId: number }).runId}: ${reason}`),
    });
    const p = new TestProcessor(registry);
    await p.onFailed(job('delayed'), new Error('retrying'));
    await p.onFailed(job('failed'), new Error('job stalled more than allowable limit'));
    expect(gaveUp).toEqual(['7: job stalled more than allowable limit']);
  });
});
