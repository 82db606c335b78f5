import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ConfigVariables } from '../../config/config-variables';

/**
 * Counts failed sign-ins per job number and per client address; past LOGIN_MAX_FAILURES in the
 * window, further attempts are refused with 429 until the window passes. Successful sign-ins are
 * never counted, so a busy shift change does not lock anybody out.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures: RateLimiterMemory;
  private readonly max: number;

  constructor(config: ConfigVariables) {
    this.max = config.LOGIN_MAX_FAILURES;
    this.failures = new RateLimiterMemory({ points: this.max, duration: config.LOGIN_FAILURE_WINDOW_SECONDS, keyPrefix: 'login-fail' });
  }

  async assertAllowed(jobNumber: string, clientAddress: string): Promise<void> {
    for (const key of this.keys(jobNumber, clientAddress)) {
      const state = await this.failures.get(key);
      // An address gets more room than one job number: a whole site may share one NAT address.
      const limit = key.startsWith('ip:') ? this.max * 4 : this.max;
      if (state && state.consumedPoints >= limit) throw tooManyAttempts(state);
    }
  }

  async recordFailure(jobNumber: string, clientAddress: string): Promise<void> {
    for (const key of this.keys(jobNumber, clientAddress)) {
      await this.failures.penalty(key, 1);
    }
  }

  async recordSuccess(jobNumber: string): Promise<void> {
    await this.failures.delete(`job:${jobNumber}`);
  }

  private keys(jobNumber: string, clientAddress: string): string[] {
    return [`job:${jobNumber}`, `ip:${clientAddress}`];
  }
}

function tooManyAttempts(state: RateLimiterRes): HttpException {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new HttpException(
    { statusCode: 429, error: 'Too Many Requests', message: `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, retryAfterSeconds },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
