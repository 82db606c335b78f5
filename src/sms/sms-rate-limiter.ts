import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ConfigVariables } from '../../config/config-variables';
import { RedisConnection } from '../redis/redis-connection';

/**
 * Two token buckets in front of Twilio (rate-limiter-flexible): the carrier's throughput for all
 * numbers together (SMS_PER_SECOND), and a customer's own (SMS_PER_NUMBER_PER_HOUR: a phone that
 * gets more is flagged as spammed). With REDIS_URL the buckets are shared by every process, with an
 * in-memory bucket standing in while Redis is away. Buckets count wall time — throughput is.
 */
@Injectable()
export class SmsRateLimiter {
  private readonly global: RateLimiterAbstract;
  private readonly perNumber: RateLimiterAbstract;

  constructor(config: ConfigVariables, redis: RedisConnection) {
    const bucket = (keyPrefix: string, points: number, duration: number) => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      return redis.client
        ? new RateLimiterRedis({ storeClient: redis.client, keyPrefix: `${redis.keyPrefix}${keyPrefix}`, points, duration, insuranceLimiter: memory })
        : memory;
    };
    this.global = bucket('sms:all', config.SMS_PER_SECOND, 1);
    this.perNumber = bucket('sms:number', config.SMS_PER_NUMBER_PER_HOUR, 3600);
  }

  /** Takes a token from both buckets for a message to `phone`: 0 when it may go now, else the milliseconds until it may. */
  async take(phone: string): Promise<number> {
    const perNumber = await consume(this.perNumber, phone);
    if (perNumber > 0) return perNumber;
    const global = await consume(this.global, 'all');
    if (global > 0) await this.perNumber.reward(phone, 1); // not sent: the customer's token goes back
    return global;
  }
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key, 1);
    return 0;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
    throw rejection;
  }
}
