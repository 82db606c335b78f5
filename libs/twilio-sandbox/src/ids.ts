import { randomBytes } from 'node:crypto';

/** Twilio SIDs are a two-letter prefix and 32 lowercase hex digits (CA… calls, QU… queues, RE… recordings). */
export type SidPrefix = 'CA' | 'QU' | 'RE' | 'PN' | 'AC' | 'SK' | 'BY' | 'CF' | 'SM' | 'MG';

export type SidGenerator = (prefix: SidPrefix) => string;

export const randomSid: SidGenerator = (prefix) => prefix + randomBytes(16).toString('hex');

/** Deterministic SIDs for tests and reproducible load runs: CA00000000000000000000000000000001, … */
export function sequentialSids(): SidGenerator {
  let n = 0;
  return (prefix) => prefix + (++n).toString(16).padStart(32, '0');
}

/** Sandbox development account: `AC` + 32 hex, stable so the app's config default matches. */
export const SANDBOX_DEFAULT_ACCOUNT_SID = 'AC' + '5a4d0b0c'.repeat(4);
/**
 * Sandbox development auth token (32 hex like a real one). Public on purpose: it only ever
 * authenticates against the local sandbox, never against Twilio.
 */
export const SANDBOX_DEFAULT_AUTH_TOKEN = '5a4db0c5a4db0c5a4db0c5a4db0c0000';
/** API key SID the app may use to sign Voice AccessTokens in sandbox mode; its secret is the auth token. */
export const SANDBOX_DEFAULT_API_KEY_SID = 'SK' + '5a4d0b0c'.repeat(4);
/** The sandbox's development BYOC trunk (`BY` + 32 hex): the carrier trunk the 400 number comes in by, and calls to China leave through. */
export const SANDBOX_DEFAULT_BYOC_TRUNK_SID = 'BY' + '5a4d0b0c'.repeat(4);

/** Sandbox development Messaging Service (the sender of SMS to customers): `MG` + 32 hex. */
export const SANDBOX_DEFAULT_MESSAGING_SERVICE_SID = 'MG' + '5a4d0b0c'.repeat(4);
