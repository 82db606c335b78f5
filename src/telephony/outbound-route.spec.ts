import { outboundRoute, OutboundRouteError } from './outbound-route';

const SITE = { country: 'CN', hotlineNumber: '4008001234', byocCallerId: '4008001234' };
const TRUNK = 'BY' + '1'.repeat(32);

describe('outboundRoute', () => {
  it('sends calls to mainland China through the BYOC trunk, in E.164, from the caller ID the carrier presents', () => {
    const site = { ...SITE, byocTrunkSid: TRUNK, byocCallerId: '+864008001234' };
    expect(outboundRoute('13800138000', site)).toEqual({ to: '+8613800138000', from: '+864008001234', byoc: TRUNK });
    expect(outboundRoute('+86 138 0013 8000', site)).toEqual({ to: '+8613800138000', from: '+864008001234', byoc: TRUNK });
    expect(outboundRoute('010-6552 9988', site)).toEqual({ to: '+861065529988', from: '+864008001234', byoc: TRUNK });
  });

  it('refuses a call to China without a trunk, naming the setting', () => {
    expect(() => outboundRoute('13800138000', SITE)).toThrow(OutboundRouteError);
    expect(() => outboundRoute('+8613800138000', SITE)).toThrow(/TWILIO_BYOC_TRUNK_SID/);
  });

  it('places other countries over Twilio from the hotline number, and refuses what is not a number', () => {
    expect(outboundRoute('+14155550100', { ...SITE, byocTrunkSid: TRUNK })).toEqual({ to: '+14155550100', from: '4008001234' });
    expect(() => outboundRoute('12', SITE)).toThrow(/not a phone number/);
  });
});
