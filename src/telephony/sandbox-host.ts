import { SandboxClock, TwilioSandbox } from '@hotline/twilio-sandbox';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TelephonySettings } from './telephony-settings';

/**
 * The embedded Twilio sandbox (TELEPHONY=sandbox without TWILIO_SANDBOX_URL): it answers Twilio's REST API and the caller
 * page under this server's own address, and rings agents' sandbox Devices over a websocket. The
 * app talks to it with the real `twilio` client, exactly as it would to Twilio.
 */
@Injectable()
export class SandboxHost implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly sandbox: TwilioSandbox | null;

  /** Production (SANDBOX_IN_PRODUCTION): the control API and caller page want the account's credentials. */
  private readonly production: boolean;

  constructor(
    private readonly settings: TelephonySettings,
    config: ConfigVariables,
    @Inject(APP_CLOCK) clock: AppClock,
    private readonly httpHost: HttpAdapterHost,
    logger: PinoLogger,
  ) {
    logger.setContext('twilio-sandbox');
    this.production = config.NODE_ENV === 'production';
    this.sandbox = settings.embedsSandbox
      ? new TwilioSandbox({
          accountSid: settings.accountSid,
          authToken: settings.authToken,
          clock: clock as SandboxClock,
          publicBaseUrl: settings.publicBaseUrl,
          // The 400 number is the Chinese carrier's, not Twilio's: its calls come in by the BYOC
          // trunk, whose Voice URL and status callback are the app's (see the README's production path).
          phoneNumbers: [],
          byocTrunks: [
            {
              sid: settings.byocTrunkSid!,
              friendlyName: 'China carrier (development)',
              voiceUrl: settings.url('/twilio/voice/incoming'),
              voiceFallbackUrl: settings.url('/twilio/voice/fallback'),
              statusCallbackUrl: settings.url('/twilio/voice/status'),
              numbers: [settings.hotlineNumber],
            },
          ],
          timings: { ringCycleMs: config.RING_CADENCE_SECONDS * 1000 },
          // SMS to customers: China is enabled (Messaging geo permissions), and replies reach the app's incoming-message webhook.
          messaging: {
            permittedCountries: ['CN', 'US', 'CA'],
            senders: [settings.smsMessagingServiceSid ?? settings.smsFrom]
              .filter((sender): sender is string => !!sender)
              .map((sender) => ({ sender, smsUrl: settings.url('/twilio/sms/incoming') })),
          },
          log: (message, detail) => logger.debug(detail ?? {}, message),
        })
      : null;
  }

  /**
   * Hands the sandbox's own paths (/2010-04-01/…, /sandbox/…) to it. Registered after the app's
   * routes (none of which it shadows) and before the 404 handler.
   */
  onModuleInit(): void {
    const sandbox = this.sandbox;
    if (!sandbox) return;
    const express = this.httpHost.httpAdapter.getInstance<{ use(fn: (req: Request, res: Response, next: NextFunction) => void): void }>();
    const controlGuard = this.production ? sandboxControlGuard(this.settings) : null;
    express.use((request, response, next) => {
      if (controlGuard && !controlGuard(request, response)) return;
      if (!sandbox.handleHttp(request, response)) next();
    });
  }

  onApplicationBootstrap(): void {
    this.sandbox?.attachWebSocket(this.httpHost.httpAdapter.getHttpServer() as Server, '/sandbox/device');
  }

  async onModuleDestroy(): Promise<void> {
    await this.sandbox?.close();
  }
}

/**
 * In production the sandbox's own pages and control API (/sandbox, /sandbox/…: place calls, replay
 * webhooks, move its clock) ask for HTTP Basic with the account SID and auth token — the credentials
 * its REST API (/2010-04-01) already requires, as Twilio's does. A browser shows its sign-in prompt.
 * Returns false once it has answered 401.
 */
function sandboxControlGuard(settings: TelephonySettings): (request: Request, response: Response) => boolean {
  const expected = Buffer.from(`Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`);
  return (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/sandbox' && !path.startsWith('/sandbox/')) return true;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
    response.setHeader('WWW-Authenticate', 'Basic realm="Twilio sandbox"');
    response.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'The sandbox needs the account SID and auth token (HTTP Basic)' });
    return false;
  };
}
