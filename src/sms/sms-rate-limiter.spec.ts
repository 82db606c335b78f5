import { ConfigVariables } from '../../config/config-variables';
import type { RedisConnection } from '../redis/redis-connection';
import { SmsRateLimiter } from './sms-rate-limiter';

const limiter = (perSecond: number, perNumberPerHour: number) =>
  new SmsRateLimiter(Object.assign(new ConfigVariables(), { SMS_PER_SECOND: perSecond, SMS_PER_NUMBER_PER_HOUR: perNumberPerHour }), {
    client: null,
    keyPrefix: '',
  } as unknown as RedisConnection);

describe('SmsRateLimiter', () => {
  it('holds a number to its hourly share and tells how long until its next token', async () => {
    const l = limiter(100, 2);
    expect(await l.take('+8613800138000')).toBe(0);
    expect(await l.take('+8613800138000')).toBe(0);
    const wait = await l.take('+8613800138000');
    expect(wait).toBeGreaterThan(3_500_000);
    expect(await l.take('+8613800138001')).toBe(0);
  });

  it('holds everyone to the global rate, and gives the customer their token back when the global bucket refuses', async () => {
    const l = limiter(2, 2);
    expect(await l.take('+8613800000001')).toBe(0);
    expect(await l.take('+8613800000002')).toBe(0);
    const wait = await l.take('+8613800000003');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1000);
    await new Promise((r) => setTimeout(r, wait + 20));
    expect(await l.take('+8613800000003')).toBe(0);
    expect(await l.take('+8613800000003')).toBe(0); // still two for this number this hour: the refused one was refunded
  });
});
