import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { BoundedDatabaseWaits } from './bounded-waits';
import { buildDataSourceOptions } from './data-source-options';
import { SqliteCheckpointer } from './sqlite-checkpointer';

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
  providers: [SqliteCheckpointer, BoundedDatabaseWaits],
})
export class DatabaseModule {}
