import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock, wallClock } from '../clock/app-clock';

/** Makes the validated settings, and the clock, injectable everywhere. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: ConfigVariables, clock: AppClock = wallClock(config.SANDBOX_SPEED)): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [
        { provide: ConfigVariables, useValue: config },
        { provide: APP_CLOCK, useValue: clock },
      ],
      exports: [ConfigVariables, APP_CLOCK],
    };
  }
}
