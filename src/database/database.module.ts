import { Global, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { BoundedDatabaseWaits } from './bounded-waits';
import { buildDataSourceOptions } from './data-source-options';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { TransactionRunner } from './transaction-runner';

/** The data source, and the one TransactionRunner every module's writes go through (its SQLite queue is per database file). */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigVariables],
      useFactory: (config: ConfigVariables) => ({
        ...buildDataSourceOptions(config),
        autoLoadEntities: true,
        // Start-up applies pending migrations; the schema is never synchronized from entities.
        migrationsRun: true,
        migrationsTransactionMode: 'each',
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [
    SqliteCheckpointer,
    BoundedDatabaseWaits,
    { provide: TransactionRunner, useFactory: (db: DataSource) => new TransactionRunner(db), inject: [getDataSourceToken()] },
  ],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
