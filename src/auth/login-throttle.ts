import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ConfigVariables } from '../../config/config-variables';

/** How long a successful sign-in makes its job number a known one at that address. */
const KNOWN_PAIR_SECONDS = 90 * 24 * 3600;

/**
 * Brute-force protection for sign-in, after rate-limiter-flexible's "login endpoint protection"
 * example (failures counted per account and per source), shaped for a call centre where hundreds of
 * agents share one NAT address — a right password is never refused for the address's sake:
 *
 * - **Per job number**: past LOGIN_MAX_FAILURES failures in the window, that job number is refused
 *   (429) from anywhere until the window passes; a success clears its count.
 * - **Per address**: only failures against job numbers that have not signed in from that address
 *   before count (unknown numbers, other people's accounts: spraying), up to 4 × LOGIN_MAX_FAILURES.
 *   Past that, the address is not refused: its password checks go on, but each further failure
 *   against such a job number throttles that job number at once and is answered 429 — one guess per
 *   account and window from a noisy address instead of LOGIN_MAX_FAILURES.
 *
 * In memory, per process (as the login counters were): several processes each count their own.
 */
@Injectable()
export class LoginThrottle {
  private readonly byJobNumber: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;
  private readonly knownPairs: RateLimiterMemory;
  private readonly max: number;
  private readonly windowSeconds: number;

  constructor(config: ConfigVariables) {
    this.max = config.LOGIN_MAX_FAILURES;
    const duration = (this.windowSeconds = config.LOGIN_FAILURE_WINDOW_SECONDS);
    this.byJobNumber = new RateLimiterMemory({ points: this.max, duration, keyPrefix: 'login-fail-job' });
    this.byAddress = new RateLimiterMemory({ points: this.max * 4, duration, keyPrefix: 'login-fail-ip' });
    this.knownPairs = new RateLimiterMemory({ points: 1, duration: KNOWN_PAIR_SECONDS, keyPrefix: 'login-known' });
  }

  /** Before the password is checked: 429 when the job number is throttled. */
  async assertAllowed(jobNumber: string): Promise<void> {
    const job = await this.byJobNumber.get(jobNumber);
    if (job && job.consumedPoints >= this.max) throw tooManyAttempts(job);
  }

  /** A failed sign-in: counted, and answered 429 (instead of 401) when it throttles the caller from a noisy address. */
  async recordFailure(jobNumber: string, clientAddress: string): Promise<HttpException | null> {
    if (await this.isKnownPair(jobNumber, clientAddress)) {
      await this.byJobNumber.penalty(jobNumber, 1);
      return null;
    }
    const address = await this.byAddress.penalty(clientAddress, 1);
    if (address.consumedPoints <= this.max * 4) {
      await this.byJobNumber.penalty(jobNumber, 1);
      return null;
    }
    return tooManyAttempts(await this.byJobNumber.set(jobNumber, this.max, this.windowSeconds));
  }

  async recordSuccess(jobNumber: string, clientAddress: string): Promise<void> {
    await this.byJobNumber.delete(jobNumber);
    await this.knownPairs.set(pairKey(jobNumber, clientAddress), 1, KNOWN_PAIR_SECONDS);
  }

  private async isKnownPair(jobNumber: string, clientAddress: string): Promise<boolean> {
    return (await this.knownPairs.get(pairKey(jobNumber, clientAddress))) !== null;
  }
}

function pairKey(jobNumber: string, clientAddress: string): string {
  return `${jobNumber}@${clientAddress}`;
}

function tooManyAttempts(state: RateLimiterRes): HttpException {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new HttpException(
    { statusCode: 429, error: 'Too Many Requests', message: `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, retryAfterSeconds },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
