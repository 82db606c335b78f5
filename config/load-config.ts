import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { SANDBOX_DEFAULT_AUTH_TOKEN } from '@hotline/twilio-sandbox';
import { ConfigVariables, DEVELOPMENT_JWT_SECRET } from './config-variables';

export class ConfigError extends Error {}

/** Reads the settings from `env` (process.env by default) and validates them against ConfigVariables. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ConfigVariables {
  const names = Object.keys(new ConfigVariables());
  const given: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') given[name] = value;
  }
  const config = plainToInstance(ConfigVariables, given, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigError(describe(errors[0], given));
  const unsafe = unsafeSetting(config);
  if (unsafe) throw new ConfigError(`Invalid configuration: ${unsafe}`);
  if (config.NODE_ENV === 'production') config.SEED_DEMO = false;
  return config;
}

/**
 * Settings that are each valid but together unsafe: the telephony mode without what it needs and,
 * in production, anything that would run on a secret published in this repository or serve the
 * sandbox or the metrics to anyone. One line naming the variable and what to do.
 */
function unsafeSetting(config: ConfigVariables): string | null {
  const telephony = config.TELEPHONY ?? (config.TWILIO_ACCOUNT_SID ? 'twilio' : 'sandbox');
  if (telephony === 'twilio' && (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN)) {
    return `TELEPHONY=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (${config.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID'} not set)`;
  }
  if (config.NODE_ENV !== 'production') return null;
  if (config.JWT_SECRET === DEVELOPMENT_JWT_SECRET) return 'JWT_SECRET must not be the development default in production';
  if (config.TWILIO_AUTH_TOKEN === SANDBOX_DEFAULT_AUTH_TOKEN) return "TWILIO_AUTH_TOKEN must not be the sandbox's published default in production";
  if (config.TWILIO_API_KEY_SECRET === SANDBOX_DEFAULT_AUTH_TOKEN) return "TWILIO_API_KEY_SECRET must not be the sandbox's published default in production";
  if (telephony === 'sandbox') {
    if (!config.SANDBOX_IN_PRODUCTION) {
      return 'TELEPHONY=sandbox in production needs SANDBOX_IN_PRODUCTION=true (or set TELEPHONY=twilio with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)';
    }
    if (!config.TWILIO_AUTH_TOKEN)
      return 'TWILIO_AUTH_TOKEN is required for the sandbox in production (it guards the sandbox and signs its webhooks) (not set)';
  }
  if (config.ORDER_SYSTEM_WEBHOOK_URL && !config.ORDER_SYSTEM_WEBHOOK_SECRET)
    return 'ORDER_SYSTEM_WEBHOOK_SECRET is required in production with ORDER_SYSTEM_WEBHOOK_URL (it signs the changes sent to the order system) (not set)';
  if (!config.METRICS_TOKEN) return 'METRICS_TOKEN is required in production (Prometheus sends it as a bearer token to /metrics) (not set)';
  return null;
}

function describe(error: ValidationError, given: Record<string, string>): string {
  const rules = Object.values(error.constraints ?? {}).map((m) => m.replace(new RegExp(`^${error.property} `), ''));
  const value = error.property in given ? ` (got "${error.property.includes('SECRET') ? '***' : given[error.property]}")` : ' (not set)';
  return `Invalid configuration: ${error.property} ${rules.join('; ')}${value}`;
}
