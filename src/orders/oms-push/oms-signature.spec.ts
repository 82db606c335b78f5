import { omsSignature, verifyOmsSignature } from './oms-signature';

describe('the order system push signature', () => {
  const secret = 'oms-shared-secret-0123';
  const body = Buffer.from('{"order":{"number":"SO1"}}');
  const now = 1_765_000_000_000;
  const ts = String(now / 1000);

  it('accepts the HMAC-SHA256 of "<timestamp>.<body>" with the shared secret', () => {
    const signature = omsSignature(secret, ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyOmsSignature(secret, { signature, timestamp: ts }, body, now, 300)).toBe('ok');
  });

  it('refuses another body, another secret, or a timestamp swapped in', () => {
    const signature = omsSignature(secret, ts, body);
    expect(verifyOmsSignature(secret, { signature, timestamp: ts }, Buffer.from('{}'), now, 300)).toBe('mismatch');
    expect(verifyOmsSignature('another-secret-0123456', { signature, timestamp: ts }, body, now, 300)).toBe('mismatch');
    expect(verifyOmsSignature(secret, { signature, timestamp: String(now / 1000 + 1) }, body, now, 300)).toBe('mismatch');
  });

  it('refuses a push signed longer ago than the allowed skew (a replay), and missing or malformed headers', () => {
    const old = String(now / 1000 - 301);
    expect(verifyOmsSignature(secret, { signature: omsSignature(secret, old, body), timestamp: old }, body, now, 300)).toBe('expired');
    expect(verifyOmsSignature(secret, { signature: undefined, timestamp: ts }, body, now, 300)).toBe('missing');
    expect(verifyOmsSignature(secret, { signature: 'md5=abc', timestamp: ts }, body, now, 300)).toBe('malformed');
  });
});
