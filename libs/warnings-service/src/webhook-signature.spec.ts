import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  it('is the HMAC-SHA256 of timestamp.body', () => {
    const expected = createHmac('sha256', 'k').update('1700000000.{"x":1}').digest('hex');
    expect(signWebhook('{"x":1}', 'k', 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature and refuses a changed body or secret', () => {
    const h = signWebhook('{"x":1}', 'k', 1700000000);
    expect(verifyWebhook('{"x":1}', 'k', h)).toBe(true);
    expect(verifyWebhook('{"x":2}', 'k', h)).toBe(false);
    expect(verifyWebhook('{"x":1}', 'other', h)).toBe(false);
    expect(verifyWebhook('{"x":1}', 'k', 'garbage')).toBe(false);
  });
});
