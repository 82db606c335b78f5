import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

/**
 * Every setting of the server: its environment variable, its default and its check, in one place
 * (as in Twenty's config-variables.ts). `loadConfig` validates the environment against this class;
 * a wrong value stops start-up with one line naming the variable and what is allowed.
 */
const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[value.toLowerCase()] ?? value : value;

export class ConfigVariables {
  /** development | production | test. Production never seeds demo accounts and requires JWT_SECRET. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** HTTP port. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface the HTTP server binds to. */
  @IsString()
  HOST = '0.0.0.0';

  /** mysql://user:pass@host:3306/db for MySQL/MariaDB; unset → the embedded SQLite file. */
  @IsOptional()
  @Matches(/^mysql:\/\/[^\s]+\/[A-Za-z0-9_$-]+(\?.*)?$/, { message: 'must be mysql://user:password@host:port/database' })
  DATABASE_URL?: string = undefined;

  /** Embedded SQLite file (used when DATABASE_URL is unset). */
  @IsString()
  @MinLength(1)
  SQLITE_PATH = 'data/hotline.sqlite';

  /** Secret that signs access tokens. Required in production; development uses a fixed, public default. */
  @ValidateIf((c: ConfigVariables) => c.NODE_ENV === 'production' || c.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string = undefined;

  /** Access-token lifetime in seconds (a shift plus overtime). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_TTL_SECONDS = 12 * 3600;

  /** Password of every demo account. */
  @IsString()
  @MinLength(8, { message: 'must be at least 8 characters' })
  DEMO_PASSWORD = 'hotline-demo';

  /** Seed the demo site on first start with an empty database (never in production). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO = true;

  /** Failed sign-ins allowed per job number (and per client address) before it is throttled. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  /** Window, in seconds, over which failed sign-ins are counted; also how long a throttle lasts. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60;

  /** Largest request body accepted (bytes); larger → 413. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** pino level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

/** Development-only signing secret; production must set JWT_SECRET. */
export const DEVELOPMENT_JWT_SECRET = 'hotline-development-secret-not-for-production-use';
