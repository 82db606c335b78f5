import { ConfigError, loadConfig } from './load-config';

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
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/^Invalid configuration: JWT_SECRET is required in production \(not set\)$/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters \(got "\*\*\*"\)$/);
  });

  it('never seeds demo accounts in production, whatever SEED_DEMO says', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SEED_DEMO: 'true' });
    expect(config.SEED_DEMO).toBe(false);
  });
});
