import { InMemoryJobQueueStrategy } from './in-memory-job-queue-strategy';
import { JobRegistry } from './job-registry';

describe('InMemoryJobQueueStrategy', () => {
  function setup() {
    const registry = new JobRegistry();
    const ran: number[] = [];
    registry.register({
      queue: 'projection',
      run: async (data: unknown, ctx) => {
        const n = (data as { n: number }).n;
        await ctx.progress(50);
        if (n < 0) throw new Error(`bad n ${n}`);
        ran.push(n);
        return n * 2;
      },
    });
    return { strategy: new InMemoryJobQueueStrategy(registry), ran };
  }

  it('runs the handler at once and keeps its status', async () => {
    const { strategy } = setup();
    const job = await strategy.add('projection', { n: 21 }, { jobId: 'j1' });
    expect(job).toEqual({ id: 'j1', queue: 'projection', mode: 'inline', result: 42 });
    expect(await strategy.status('projection', 'j1')).toEqual({
      id: 'j1',
      queue: 'projection',
      state: 'completed',
      progress: 50,
      attemptsMade: 1,
      result: 42,
    });
    expect(await strategy.status('projection', 'nope')).toBeNull();
  });

  it('records a failure and rethrows it', async () => {
    const { strategy } = setup();
    await expect(strategy.add('projection', { n: -1 }, { jobId: 'bad' })).rejects.toThrow('bad n -1');
    expect((await strategy.status('projection', 'bad'))?.state).toBe('failed');
  });

  it('runs a chain in order and stops at the first failed step', async () => {
    const { strategy, ran } = setup();
    const steps = [1, 2, -3, 4].map((n) => ({ queue: 'projection' as const, name: `s${n}`, data: { n } }));
    const chain = await strategy.addChain(steps, { idPrefix: 'c', wait: false });
    expect(chain).toEqual({ mode: 'inline', rootId: 'c-3-s4' });
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([1, 2]);
    expect((await strategy.status('projection', 'c-2-s-3'))?.state).toBe('failed');
    expect(await strategy.status('projection', 'c-3-s4')).toBeNull();
  });

  it('cannot schedule', async () => {
    const { strategy } = setup();
    expect(await strategy.schedule()).toBe(false);
  });
});
