import { ConfigError, parseConfig } from './load-config';

describe('parseConfig', () => {
  it('applies defaults', () => {
    const cfg = parseConfig({});
    expect(cfg.PORT).toBe(3000);
    expect(cfg.DATABASE_URL).toBeUndefined();
    expect(cfg.WEBHOOK_URLS).toEqual([]);
    expect(cfg.AUTH_REQUIRED).toBe(true);
  });

  it('names the variable of a bad value', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a URL starting with postgres:/);
    expect(() => parseConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => parseConfig({ WEBHOOK_URLS: 'http://ok.local/x, ftp://bad' })).toThrow(/WEBHOOK_URLS/);
  });

  it("sets BullMQ's lock and stalled check (30 s each by default), from 1 s to 10 minutes", () => {
    expect([parseConfig({}).QUEUE_LOCK_MS, parseConfig({}).QUEUE_STALLED_CHECK_MS]).toEqual([30_000, 30_000]);
    const short = parseConfig({ QUEUE_LOCK_MS: '10000', QUEUE_STALLED_CHECK_MS: '2000' });
    expect([short.QUEUE_LOCK_MS, short.QUEUE_STALLED_CHECK_MS]).toEqual([10_000, 2_000]);
    expect(() => parseConfig({ QUEUE_LOCK_MS: '999' })).toThrow(/QUEUE_LOCK_MS/);
    expect(() => parseConfig({ QUEUE_STALLED_CHECK_MS: '600001' })).toThrow(/QUEUE_STALLED_CHECK_MS/);
  });

  it('parses lists and treats empty strings as unset', () => {
    const cfg = parseConfig({ WEBHOOK_URLS: 'http://127.0.0.1:9/a, http://127.0.0.1:9/b', DATABASE_URL: '' });
    expect(cfg.WEBHOOK_URLS).toEqual(['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']);
    expect(cfg.DATABASE_URL).toBeUndefined();
  });

  it('keeps WARNING_CRON= (empty) as "no schedule", and the default when unset; TRUST_PROXY off unless set', () => {
    expect(parseConfig({ WARNING_CRON: '' }).WARNING_CRON).toBe('');
    expect(parseConfig({}).WARNING_CRON).toBe('0 2 * * *');
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(() => parseConfig({ TRUST_PROXY: 'x; rm' })).toThrow(/TRUST_PROXY/);
  });

  it('bounds the pool, run quotas and retention, and spools uploads under the temp folder by default', () => {
    const cfg = parseConfig({});
    expect([cfg.DB_POOL_SIZE, cfg.DB_POOL_MAX_WAITING, cfg.RUN_QUOTA_PLANNER, cfg.RUN_QUOTA_ADMIN, cfg.RUN_RETENTION_DAYS]).toEqual([
      10, 100, 100, 1000, 90,
    ]);
    expect(cfg.UPLOAD_TMP_DIR).toMatch(/edu-uploads$/);
    expect(parseConfig({ RUN_QUOTA_PLANNER: '0', DB_POOL_MAX_WAITING: '0' })).toMatchObject({
      RUN_QUOTA_PLANNER: 0,
      DB_POOL_MAX_WAITING: 0,
    });
    expect(() => parseConfig({ DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE/);
    expect(() => parseConfig({ RUN_RETENTION_DAYS: '0' })).toThrow(/RUN_RETENTION_DAYS/);
    expect(() => parseConfig({ RUN_QUOTA_ADMIN: '1.5' })).toThrow(/RUN_QUOTA_ADMIN/);
  });
});
