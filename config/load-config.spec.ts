import { SANDBOX_DEFAULT_AUTH_TOKEN } from '@hotline/twilio-sandbox';
import { DEVELOPMENT_JWT_SECRET, trustProxySetting } from './config-variables';
import { ConfigError, loadConfig } from './load-config';

const TWILIO_SID = 'AC' + '0123456789abcdef'.repeat(2);
/** Everything a production start with the sandbox needs. */
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(40),
  SANDBOX_IN_PRODUCTION: 'true',
  TWILIO_AUTH_TOKEN: 'an-auth-token-of-our-own',
  METRICS_TOKEN: 'm'.repeat(24),
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.SQLITE_PATH).toBe('data/hotline.sqlite');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEMO_PASSWORD).toBe('hotline-demo');
    expect(config.SEED_DEMO).toBe(true);
    expect(config.SOFTPHONE_RECONNECT_GRACE_SECONDS).toBe(5);
  });

  it('reads and converts environment overrides', () => {
    const config = loadConfig({ PORT: '8080', SEED_DEMO: 'false', DATABASE_URL: 'mysql://root@127.0.0.1:3306/hotline' });
    expect(config.PORT).toBe(8080);
    expect(config.SEED_DEMO).toBe(false);
    expect(config.DATABASE_URL).toBe('mysql://root@127.0.0.1:3306/hotline');
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT must be an integer number.*\(got "eighty"\)$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT must not be greater than 65535/],
    [{ DATABASE_URL: 'postgres://x/y' }, /^Invalid configuration: DATABASE_URL must be mysql:\/\/user:password@host:port\/database \(or mariadb:\/\/…\)/],
    [{ SEED_DEMO: 'maybe' }, /^Invalid configuration: SEED_DEMO must be true or false \(got "maybe"\)$/],
    [{ NODE_ENV: 'staging' }, /^Invalid configuration: NODE_ENV must be one of the following values: development, production, test/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL must be one of the following values/],
    [{ SOFTPHONE_RECONNECT_GRACE_SECONDS: '120' }, /^Invalid configuration: SOFTPHONE_RECONNECT_GRACE_SECONDS must not be greater than 60/],
    [{ SOFTPHONE_RECONNECT_GRACE_SECONDS: 'soon' }, /^Invalid configuration: SOFTPHONE_RECONNECT_GRACE_SECONDS must be an integer number/],
  ])('stops with one line naming the variable for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('requires a strong JWT_SECRET in production and never shows it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^Invalid configuration: JWT_SECRET is required in production \(not set\)$/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters \(got "\*\*\*"\)$/);
  });

  it('never seeds demo accounts in production, whatever SEED_DEMO says', () => {
    const config = loadConfig({ ...PRODUCTION, SEED_DEMO: 'true' });
    expect(config.SEED_DEMO).toBe(false);
  });

  describe('production refuses unsafe configuration with one line', () => {
    it.each([
      [{ JWT_SECRET: DEVELOPMENT_JWT_SECRET }, 'JWT_SECRET must not be the development default in production'],
      [
        { SANDBOX_IN_PRODUCTION: undefined },
        'TELEPHONY=sandbox in production needs SANDBOX_IN_PRODUCTION=true (or set TELEPHONY=twilio with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
      ],
      [
        { SANDBOX_IN_PRODUCTION: 'false', TELEPHONY: 'sandbox' },
        'TELEPHONY=sandbox in production needs SANDBOX_IN_PRODUCTION=true (or set TELEPHONY=twilio with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
      ],
      [
        { TWILIO_AUTH_TOKEN: undefined },
        'TWILIO_AUTH_TOKEN is required for the sandbox in production (it guards the sandbox and signs its webhooks) (not set)',
      ],
      [{ TWILIO_AUTH_TOKEN: SANDBOX_DEFAULT_AUTH_TOKEN }, "TWILIO_AUTH_TOKEN must not be the sandbox's published default in production"],
      [
        { TELEPHONY: 'twilio', TWILIO_AUTH_TOKEN: 'a-real-twilio-auth-token' },
        'TELEPHONY=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (TWILIO_ACCOUNT_SID not set)',
      ],
      [
        { TWILIO_ACCOUNT_SID: TWILIO_SID, TWILIO_AUTH_TOKEN: undefined, SANDBOX_IN_PRODUCTION: undefined },
        'TELEPHONY=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (TWILIO_AUTH_TOKEN not set)',
      ],
      [{ METRICS_TOKEN: undefined }, 'METRICS_TOKEN is required in production (Prometheus sends it as a bearer token to /metrics) (not set)'],
    ])('%j', (change, message) => {
      const env: Record<string, string | undefined> = { ...PRODUCTION, ...change };
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${escape(message)}$`));
    });

    it('starts with real Twilio credentials, or with the sandbox opted in and its own token', () => {
      expect(loadConfig({ ...PRODUCTION, SANDBOX_IN_PRODUCTION: undefined, TWILIO_ACCOUNT_SID: TWILIO_SID }).METRICS_TOKEN).toBe('m'.repeat(24));
      expect(loadConfig(PRODUCTION).SANDBOX_IN_PRODUCTION).toBe(true);
    });

    it('keeps the sandbox and open metrics outside production', () => {
      expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
      expect(loadConfig({ NODE_ENV: 'test' }).SANDBOX_IN_PRODUCTION).toBe(false);
    });
  });

  describe('TRUST_PROXY', () => {
    it('trusts no proxy by default', () => {
      expect(trustProxySetting(loadConfig({}).TRUST_PROXY)).toBe(false);
    });

    it.each([
      ['1', 1],
      ['loopback', ['loopback']],
      ['10.0.0.0/8, 192.168.1.7,::1', ['10.0.0.0/8', '192.168.1.7', '::1']],
      ['fd00::/8,uniquelocal', ['fd00::/8', 'uniquelocal']],
    ])('reads %s', (value, setting) => {
      expect(trustProxySetting(loadConfig({ TRUST_PROXY: value }).TRUST_PROXY)).toEqual(setting);
    });

    it.each(['true', 'all', '10.0.0.300', '10.0.0.0/33', '0', 'loopback,nope'])('refuses %s with one line', (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
        `Invalid configuration: TRUST_PROXY must be false, a number of hops (1-9), or a comma list of IP addresses, CIDRs, loopback, linklocal, uniquelocal (got "${value}")`,
      );
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
