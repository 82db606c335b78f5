import type { ModuleMetadata, Provider, Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/load-config';
import type { AppClock } from '../../src/clock/app-clock';
import { AppConfigModule } from '../../src/config/app-config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { EventsModule } from '../../src/events/events.module';
import { MetricsModule } from '../../src/metrics/metrics';
import { createTestDatabase, TestDatabase } from './test-database';

/** What one service's graph needs besides the service and the infrastructure every service has. */
export interface MediumOptions {
  /** Modules whose exports the service injects (a module brings its own imports and entities). */
  imports?: ModuleMetadata['imports'];
  /** The service's collaborators, real (Immich's `real: [...]`); a test double only where a real one cannot run here. */
  providers?: Provider[];
  /** Entities the service (or the test) reads through TypeORM that no import registers. */
  entities?: Parameters<typeof TypeOrmModule.forFeature>[0];
  /** Settings over the test defaults, as environment variables. */
  env?: Record<string, string>;
  clock?: AppClock;
}

/** A graph on a fresh, migrated database of the run's engine. */
export interface MediumGraph {
  db: DataSource;
  /** An instance of the graph (a collaborator, the metrics registry), wherever in it it is provided. */
  get<U>(token: Type<U>): U;
  close(): Promise<void>;
}

/** One service's graph, `sut` the service under test. */
export interface MediumContext<T> extends MediumGraph {
  sut: T;
}

/**
 * Medium tests, as Immich's `newMediumService`: Nest builds one service's graph — the service, what
 * `options` names, and the infrastructure (validated settings, clock, silent logger, the data source
 * with its migrations and the one TransactionRunner, the event bus, the metrics registry) — against
 * a fresh database of the run's engine (SQLite, or MariaDB with DATABASE_URL). No HTTP server, no
 * other module, no demo site: a test makes the rows it needs.
 */
export async function newMediumService<T>(service: Type<T>, options: MediumOptions = {}): Promise<MediumContext<T>> {
  const graph = await newMediumGraph({ ...options, providers: [service, ...(options.providers ?? [])] });
  return { ...graph, sut: graph.get(service) };
}

/** The infrastructure and what `options` names, without a service of its own (for code that takes a data source, or lives in the infrastructure). */
export async function newMediumGraph(options: MediumOptions = {}): Promise<MediumGraph> {
  const database: TestDatabase = await createTestDatabase();
  let module: TestingModule | undefined;
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...database.env, ...options.env });
    module = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(config, options.clock),
        LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }),
        DatabaseModule,
        EventsModule,
        MetricsModule,
        ...(options.entities?.length ? [TypeOrmModule.forFeature(options.entities)] : []),
        ...(options.imports ?? []),
      ],
      providers: options.providers ?? [],
    }).compile();
    await module.init();
  } catch (error) {
    await module?.close();
    await database.drop();
    throw error;
  }
  const graph = module;
  return {
    db: graph.get<DataSource>(getDataSourceToken()),
    get: (token) => graph.get(token, { strict: false }),
    async close() {
      await graph.close();
      await database.drop();
    },
  };
}
