import { Global, Module } from '@nestjs/common';
import { RedisConnection } from './redis-connection';

/** Redis when `REDIS_URL` is set; the connection reports `off` otherwise. */
@Global()
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
