import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 of `timestamp.body` with the shared secret, sent as `X-Edu-Signature: t=<ts>,v1=<hex>` so a receiver
 * can check both origin and freshness.
 * @example signWebhook('{"a":1}', 's3cret', 1700000000) // 't=1700000000,v1=…'
 */
export function signWebhook(body: string, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Checks a signature header made by {@link signWebhook}. */
export function verifyWebhook(body: string, secret: string, header: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const expected = Buffer.from(signWebhook(body, secret, Number(m[1])).split('v1=')[1], 'hex');
  const got = Buffer.from(m[2], 'hex');
  return expected.length === got.length && timingSafeEqual(expected, got);
}
