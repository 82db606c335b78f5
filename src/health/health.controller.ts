import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { Public } from '../auth/auth.decorators';
import { DATABASE_RETRY_AFTER_SECONDS } from '../database/database-unavailable';
import { RedisConnection } from '../redis/redis-connection';
import { RoutingLeadership } from '../routing/routing-leadership.service';
import { LivenessView, ReadinessView } from './dtos/health.dto';

/**
 * Liveness (`/health/live`, `/health/ping`): the process answers — touches nothing, so a database
 * outage never gets a healthy process restarted. Readiness (`/health/ready`, and `/health` as before):
 * the database answers `SELECT 1` within DATABASE_READY_TIMEOUT_MS, else 503 with Retry-After — a
 * stalled database reads as down within that bound instead of holding the probe.
 */
@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly redis: RedisConnection,
    private readonly leadership: RoutingLeadership,
  ) {}

  /** Ready when the database answers within DATABASE_READY_TIMEOUT_MS (the shape kept from before readiness and liveness were split). */
  @Public()
  @Get()
  check(): Promise<ReadinessView> {
    return this.ready();
  }

  /** Ready when the database answers within DATABASE_READY_TIMEOUT_MS; 503 otherwise. */
  @Public()
  @Get('ready')
  async ready(): Promise<ReadinessView> {
    if (!(await this.databaseAnswers())) {
      throw new ServiceUnavailableException({
        statusCode: 503,
        status: 'error',
        database: 'down',
        message: `Database is not answering within ${this.config.DATABASE_READY_TIMEOUT_MS} ms`,
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      });
    }
    return { status: 'ok', database: 'up', engine: this.db.options.type, redis: this.redis.state, routing: this.leadership.role };
  }

  /** Up when the process answers; touches nothing. */
  @Public()
  @Get('live')
  live(): LivenessView {
    return { status: 'ok' };
  }

  /** Up when the process answers; touches nothing (a bare endpoint, the baseline of npm run bench:webhook). */
  @Public()
  @Get('ping')
  ping(): LivenessView {
    return { status: 'ok' };
  }

  /**
   * The probe's own bound: a statement left behind runs on until DATABASE_QUERY_TIMEOUT_MS, when its
   * connection is destroyed (bounded-waits.ts).
   */
  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.config.DATABASE_READY_TIMEOUT_MS)));
    const probe = this.db.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
