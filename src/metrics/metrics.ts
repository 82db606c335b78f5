import { Controller, Get, Header, Injectable, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Public } from '../auth/auth.decorators';

/** One registry per application (not prom-client's global), so several apps in one process don't collide. */
@Injectable()
export class MetricsRegistry extends Registry {
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

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
  }
}

@ApiTags('ops')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  /** Prometheus exposition format. */
  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

@Module({ providers: [MetricsRegistry], controllers: [MetricsController], exports: [MetricsRegistry] })
export class MetricsModule implements NestModule {
  constructor(private readonly registry: MetricsRegistry) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((request: Request, response: Response, next: NextFunction) => {
        const stop = this.registry.httpDuration.startTimer({ method: request.method });
        // The route pattern (not the URL) keeps label cardinality bounded.
        response.on('finish', () => stop({ route: request.route?.path ?? 'unmatched', status: String(response.statusCode) }));
        next();
      })
      .forRoutes('*path');
  }
}
