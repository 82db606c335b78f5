import { Controller, Get, Global, Headers, Injectable, MiddlewareConsumer, Module, NestModule, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { timingSafeEqual } from 'node:crypto';
import { ConfigVariables } from '../../config/config-variables';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Public } from '../auth/auth.decorators';

/** One registry per application (not prom-client's global), so several apps in one process don't collide. */
@Injectable()
export class MetricsRegistry extends Registry {
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Writes per transaction of each group commit (`writer`: work_orders, ivr_calls): how much batching saves. */
  readonly groupCommitBatchSize: Histogram<'writer'>;
  /** Batches that failed and were written one by one (a repeated webhook delivery, a lost race for a new customer). */
  readonly groupCommitFallbacks: Counter<'writer'>;

  constructor() {
    super();
    collectDefaultMetrics({ register: this });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this],
    });
    this.groupCommitBatchSize = new Histogram({
      name: 'hotline_group_commit_batch_size',
      help: 'Writes per transaction of a group commit, by writer',
      labelNames: ['writer'],
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [this],
    });
    this.groupCommitFallbacks = new Counter({
      name: 'hotline_group_commit_fallbacks_total',
      help: 'Group-commit batches that failed and were written one by one, by writer',
      labelNames: ['writer'],
      registers: [this],
    });
  }

  /** The `onWritten` hook of a group commit, recording its batches under `writer`. */
  groupCommitObserver(writer: string): (size: number, fellBack: boolean) => void {
    return (size, fellBack) => {
      this.groupCommitBatchSize.observe({ writer }, size);
      if (fellBack) this.groupCommitFallbacks.inc({ writer });
    };
  }
}

@ApiTags('ops')
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly registry: MetricsRegistry,
    config: ConfigVariables,
  ) {
    this.token = config.METRICS_TOKEN ? Buffer.from(config.METRICS_TOKEN) : null;
  }

  /**
   * Prometheus exposition format. With METRICS_TOKEN (always in production) the scraper sends it as
   * `Authorization: Bearer …` (Prometheus's `authorization` scrape setting); not a staff token.
   */
  @Public()
  @ApiBearerAuth()
  @Get()
  scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) response: Response): Promise<string> {
    if (this.token && !bearerMatches(authorization, this.token)) {
      throw new UnauthorizedException(authorization ? 'The metrics token is wrong' : 'Missing bearer token (METRICS_TOKEN)');
    }
    // Set here, not by @Header: that would label a refusal's JSON as the exposition format too.
    response.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return this.registry.metrics();
  }
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7).trim() : '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Global: the registry is where any module's metrics go.
@Global()
@Module({ providers: [MetricsRegistry], controllers: [MetricsController], exports: [MetricsRegistry] })
export class MetricsModule implements NestModule {
  constructor(private readonly registry: MetricsRegistry) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((request: Request, response: Response, next: NextFunction) => {
        const stop = this.registry.httpDuration.startTimer({ method: request.method });
        // The route pattern (not the URL) keeps label cardinality bounded.
        response.on('finish', () =>
          stop({ route: (request.route as { path?: string } | undefined)?.path ?? 'unmatched', status: String(response.statusCode) }),
        );
        next();
      })
      .forRoutes('*path');
  }
}
