import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'order-system-test-secret';
  const body = '{"topic":"order.delivery.rescheduled"}';

  it('signs the timestamp and body with HMAC-SHA256, as Stripe does', () => {
    expect(signWebhook(secret, body, 1765000000)).toMatch(/^t=1765000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, signWebhook(secret, body, 1765000000), 1765000010)).toBe(true);
  });

  it('refuses another body, another secret, an old signature or a malformed header', () => {
    const header = signWebhook(secret, body, 1765000000);
    expect(verifyWebhook(secret, body.replace('re', 'Re'), header, 1765000000)).toBe(false);
    expect(verifyWebhook('another-secret-of-16', body, header, 1765000000)).toBe(false);
    expect(verifyWebhook(secret, body, header, 1765000000 + 301)).toBe(false);
    expect(verifyWebhook(secret, body, 'v1=abc', 1765000000)).toBe(false);
    expect(verifyWebhook(secret, body, undefined, 1765000000)).toBe(false);
  });
});
