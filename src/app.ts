import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { ConfigVariables, trustProxySetting } from '../config/config-variables';
import { AppModule, AppOptions } from './app.module';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { ErrorBody } from './http/errors/error-body.dto';
import { describeErrorAnswers } from './http/errors/error-openapi';
import { validationFailed } from './http/errors/validation-errors';
import { useBodyParsing } from './http/body-parsing';
import { RedisConnection } from './redis/redis-connection';
import { ListenerIoAdapter } from './softphone/listener-io.adapter';

/** Builds the whole application — used by main.ts and by the end-to-end tests alike. */
export async function createApp(config: ConfigVariables, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.disable('x-powered-by');
  useBodyParsing(app, config.BODY_LIMIT_BYTES, config.IMPORT_BODY_LIMIT_BYTES);
  app.useWebSocketAdapter(new ListenerIoAdapter(app, app.get(RedisConnection)));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true, // unknown fields → 400 naming them
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: validationFailed, // one message string, each finding with its field in `errors`
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(await app.resolve(PinoLogger)));
  app.enableShutdownHooks();

  // Off in production unless API_DOCS=true: the document maps every route for whoever asks.
  if (!(config.API_DOCS ?? config.NODE_ENV !== 'production')) return app;
  const openApi = new DocumentBuilder()
    .setTitle('Hotline')
    .setDescription('Call-center telephony and work-order routing for the 400 hotline')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => describeErrorAnswers(SwaggerModule.createDocument(app, openApi, { extraModels: [ErrorBody] })), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
  return app;
}
