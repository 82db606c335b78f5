import fc from 'fast-check';
import twilio from 'twilio';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { computeTwilioSignature, formDecode, formEncode } from './signature';

const token = fc.stringMatching(/^[0-9a-f]{32}$/);
const key = fc.stringMatching(/^[A-Z][A-Za-z]{0,15}$/);
const value = fc.string({ maxLength: 40 });
const url = fc
  .tuple(
    fc.constantFrom('http://127.0.0.1:3000', 'https://hotline.example.com', 'https://example.com:8443'),
    fc.stringMatching(/^(\/[a-z0-9-]{1,10}){1,3}$/),
    fc.option(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9]{0,5}$/)),
  )
  .map(([origin, path, q]) => origin + path + (q ? `?${q}` : ''));

describe('computeTwilioSignature', () => {
  it("equals twilio-node's getExpectedTwilioSignature and passes validateRequest", () => {
    fc.assert(
      fc.property(token, url, fc.dictionary(key, value, { maxKeys: 12 }), (t, u, params) => {
        const sig = computeTwilioSignature(t, u, params);
        expect(sig).toBe(getExpectedTwilioSignature(t, u, params));
        expect(twilio.validateRequest(t, sig, u, params)).toBe(true);
      }),
    );
  });

  it('is sensitive to the token, the URL and every parameter', () => {
    fc.assert(
      fc.property(token, token, url, fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 }), (t1, t2, u, params) => {
        fc.pre(t1 !== t2);
        const sig = computeTwilioSignature(t1, u, params);
        expect(twilio.validateRequest(t2, sig, u, params)).toBe(false);
        expect(twilio.validateRequest(t1, sig, u + '/x', params)).toBe(false);
        const k = Object.keys(params)[0];
        expect(twilio.validateRequest(t1, sig, u, { ...params, [k]: params[k] + '!' })).toBe(false);
      }),
    );
  });

  it('signs repeated parameters (StatusCallbackEvent) with sorted values like twilio-node', () => {
    const params = { StatusCallbackEvent: ['ringing', 'answered', 'initiated'], To: '+8613800138000' };
    expect(computeTwilioSignature('t'.repeat(32), 'https://a.example/cb', params)).toBe(
      getExpectedTwilioSignature('t'.repeat(32), 'https://a.example/cb', params),
    );
    expect(formDecode(formEncode(params))).toEqual(params);
  });
});
