import { HttpException, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ConfigVariables } from '../../config/config-variables';
import { DomainError } from '../http/errors/domain-error';

/** How long a successful sign-in makes its job number a known one at that address. */
const KNOWN_PAIR_SECONDS = 90 * 24 * 3600;
/** Bounded: the oldest pair is forgotten first. */
const MAX_KNOWN_PAIRS = 100_000;

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
  /** `jobNumber@address` → when it stops being known (ms). A Map: rate-limiter-flexible's memory store times out by setTimeout, which cannot hold 90 days. */
  private readonly knownPairs = new Map<string, number>();
  private readonly max: number;
  private readonly windowSeconds: number;

  constructor(config: ConfigVariables) {
    this.max = config.LOGIN_MAX_FAILURES;
    const duration = (this.windowSeconds = config.LOGIN_FAILURE_WINDOW_SECONDS);
    this.byJobNumber = new RateLimiterMemory({ points: this.max, duration, keyPrefix: 'login-fail-job' });
    this.byAddress = new RateLimiterMemory({ points: this.max * 4, duration, keyPrefix: 'login-fail-ip' });
  }

  /** Before the password is checked: 429 when the job number is throttled. */
  async assertAllowed(jobNumber: string): Promise<void> {
    const job = await this.byJobNumber.get(jobNumber);
    if (job && job.consumedPoints >= this.max) throw tooManyAttempts(job);
  }

  /** A failed sign-in: counted, and answered 429 (instead of 401) when it throttles the caller from a noisy address. */
  async recordFailure(jobNumber: string, clientAddress: string): Promise<HttpException | null> {
    if (this.isKnownPair(jobNumber, clientAddress)) {
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
    const key = pairKey(jobNumber, clientAddress);
    this.knownPairs.delete(key); // re-inserted last: the Map's order is oldest first
    this.knownPairs.set(key, Date.now() + KNOWN_PAIR_SECONDS * 1000);
    if (this.knownPairs.size > MAX_KNOWN_PAIRS) this.knownPairs.delete(this.knownPairs.keys().next().value!);
  }

  private isKnownPair(jobNumber: string, clientAddress: string): boolean {
    return (this.knownPairs.get(pairKey(jobNumber, clientAddress)) ?? 0) > Date.now();
  }
}

function pairKey(jobNumber: string, clientAddress: string): string {
  return `${jobNumber}@${clientAddress}`;
}

function tooManyAttempts(state: RateLimiterRes): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
  return new DomainError('auth.throttled', { retryAfterSeconds }, `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
