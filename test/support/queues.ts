import IORedis from 'ioredis';

/** Deletes every key of a test's queue prefix so Redis is left as it was found. */
export async function dropQueuePrefix(url: string, prefix: string): Promise<void> {
  const r = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
