import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a Voice Access Token grants, as read from its JWT (twilio.jwt.AccessToken + VoiceGrant). */
export interface VoiceTokenGrant {
  identity: string;
  accountSid: string;
  apiKeySid: string;
  incomingAllow: boolean;
  outgoingApplicationSid?: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export class AccessTokenError extends Error {
  /** Twilio error codes: 20101 invalid access token, 20104 access token expired. */
  constructor(
    readonly code: 20101 | 20104,
    message: string,
  ) {
    super(message);
  }
}

const b64url = (buf: Buffer) => buf.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

/**
 * Verifies a Twilio Access Token (HS256 JWT, header cty "twilio-fpa;v=1", iss = API key SID,
 * sub = account SID, grants.identity, grants.voice) against the secrets the sandbox knows:
 * `secretFor(apiKeySid)` returns the API key secret; the sandbox falls back to the auth token.
 */
export function verifyVoiceAccessToken(
  token: string,
  accountSid: string,
  secretFor: (apiKeySid: string) => string | undefined,
  nowSeconds: number,
): VoiceTokenGrant {
  const parts = token.split('.');
  if (parts.length !== 3) throw new AccessTokenError(20101, 'Invalid Access Token: not a JWT');
  let header: { alg?: string };
  let payload: {
    iss?: string;
    sub?: string;
    exp?: number;
    nbf?: number;
    grants?: { identity?: string; voice?: { incoming?: { allow?: boolean }; outgoing?: { application_sid?: string } } };
  };
  try {
    // Shapes to check, not trusted: every field is tested below before it is used.
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as typeof header;
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof payload;
  } catch {
    throw new AccessTokenError(20101, 'Invalid Access Token: malformed JWT');
  }
  if (header.alg !== 'HS256') throw new AccessTokenError(20101, `Invalid Access Token: unsupported alg ${header.alg}`);
  const secret = payload.iss ? secretFor(payload.iss) : undefined;
  if (!secret) throw new AccessTokenError(20101, 'Invalid Access Token: unknown issuer');
  const expected = Buffer.from(b64url(createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest()));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AccessTokenError(20101, 'Invalid Access Token: bad signature');
  if (payload.sub !== accountSid) throw new AccessTokenError(20101, 'Invalid Access Token: wrong account');
  if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) throw new AccessTokenError(20104, 'Access Token expired or expiration date invalid');
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds) throw new AccessTokenError(20101, 'Invalid Access Token: not yet valid');
  const identity = payload.grants?.identity;
  if (!identity) throw new AccessTokenError(20101, 'Invalid Access Token: no identity');
  if (!payload.grants?.voice) throw new AccessTokenError(20101, 'Invalid Access Token: no Voice grant');
  return {
    identity,
    accountSid,
    apiKeySid: payload.iss!,
    incomingAllow: payload.grants.voice.incoming?.allow === true,
    outgoingApplicationSid: payload.grants.voice.outgoing?.application_sid,
    expiresAt: payload.exp,
  };
}
