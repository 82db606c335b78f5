import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { RedisModule } from '../redis/redis.module';
import { PeriodicJobs } from './periodic-jobs';

/** Periodic work (PeriodicJobs), once per site however many processes run it. */
@Global()
@Module({ imports: [ScheduleModule.forRoot(), RedisModule], providers: [PeriodicJobs], exports: [PeriodicJobs] })
export class SchedulingModule {}
