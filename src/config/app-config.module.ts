import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigVariables } from '../../config/config-variables';

/** Makes the validated settings injectable everywhere as `ConfigVariables`. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: ConfigVariables): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: ConfigVariables, useValue: config }], exports: [ConfigVariables] };
  }
}
