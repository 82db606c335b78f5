import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { ConfigVariables } from './config-variables';

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
  if (config.NODE_ENV === 'production') config.SEED_DEMO = false;
  return config;
}

function describe(error: ValidationError, given: Record<string, string>): string {
  const rules = Object.values(error.constraints ?? {}).map((m) => m.replace(new RegExp(`^${error.property} `), ''));
  const value = error.property in given ? ` (got "${error.property.includes('SECRET') ? '***' : given[error.property]}")` : ' (not set)';
  return `Invalid configuration: ${error.property} ${rules.join('; ')}${value}`;
}
