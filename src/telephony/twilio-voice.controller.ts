import { Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import twilio from 'twilio';
import { Public } from '../auth/auth.decorators';
import { VoiceParamsDto, voiceParamsOf } from './dtos/voice-params.dto';
import { IvrAnsweredCallsService } from './ivr-answered-calls.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TelephonySettings } from './telephony-settings';
import { VoiceFlowService } from './voice-flow.service';
import { WebhookReceiptsService } from './webhook-receipts.service';

const JOB_NUMBERS = /^\d{3,16}(,\d{3,16})*$/;

/**
 * Twilio's Voice webhooks. Public (Twilio has no bearer token) but every request must carry a valid
 * X-Twilio-Signature; each (call, event) is handled once, and repeats get the first answer.
 */
@ApiExcludeController()
@Public()
@UseGuards(TwilioSignatureGuard)
@Controller('twilio/voice')
export class TwilioVoiceController {
  constructor(
    private readonly voice: VoiceFlowService,
    private readonly receipts: WebhookReceiptsService,
    private readonly ivrAnsweredCalls: IvrAnsweredCallsService,
    private readonly settings: TelephonySettings,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(TwilioVoiceController.name);
  }

  @Post('incoming')
  incoming(@Req() req: Request, @Res() res: Response) {
    if (this.voice.answersAtOnce()) {
      // The record and the receipt are written with the other calls arriving now, in one transaction.
      const answerAtOnce = (p: VoiceParamsDto, eventKey: string) => {
        const { record, prioritise, twiml } = this.voice.answerAtOnce(p);
        return this.ivrAnsweredCalls.record({ record, prioritise, eventKey, answer: twiml });
      };
      return this.answer(req, res, answerAtOnce, { writesOwnReceipt: true });
    }
    return this.answer(req, res, (p) => this.voice.incoming(p));
  }

  @Post('menu')
  menu(@Req() req: Request, @Res() res: Response) {
    const attempt = Number(req.query.attempt ?? 1);
    return this.answer(req, res, (p) => this.voice.menuChoice(p, Number.isInteger(attempt) && attempt > 0 ? attempt : 1));
  }

  @Post('dial-result')
  dialResult(@Req() req: Request, @Res() res: Response) {
    const segment = req.query.segment === undefined ? undefined : Number(req.query.segment);
    return this.answer(req, res, (p) => this.voice.dialResult(p, this.agents(req), Number.isInteger(segment) ? segment : undefined), { needs: 'agents' });
  }

  @Post('connect')
  connect(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.connect(p, this.agents(req)), { needs: 'agents' });
  }

  /**
   * The number's (trunk's) voice fallback URL: Twilio requests it, with ErrorCode and ErrorUrl, when
   * the voice URL fails after its retries. It touches nothing — the failure may be the database — and
   * apologises in Mandarin rather than letting Twilio say its English "application error".
   */
  @Post('fallback')
  fallback(@Req() req: Request, @Res() res: Response) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    this.logger.warn({ callSid: body.CallSid, errorCode: body.ErrorCode, errorUrl: body.ErrorUrl }, 'Twilio fell back: the voice URL failed');
    res.status(200).type('text/xml').send(this.apology());
  }

  @Post('requeue')
  requeue(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.requeue(p));
  }

  /** `?agent=<job number>`: transferred to a named agent, who alone is offered the caller. */
  @Post('transferred')
  transferred(@Req() req: Request, @Res() res: Response) {
    const agent = req.query.agent === undefined ? undefined : String(req.query.agent);
    return this.answer(req, res, (p) => this.voice.transferred(p, agent), agent === undefined ? {} : { needs: 'agent' });
  }

  @Post('hold')
  hold(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.hold(p));
  }

  @Post('hold-music')
  holdMusic(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, async () => this.voice.holdMusic());
  }

  @Post('resume')
  resume(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.resume(p));
  }

  @Post('to-voicemail')
  toVoicemail(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, () => this.voice.toVoicemail());
  }

  @Post('wait')
  wait(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.queueWait(p));
  }

  @Post('wait-key')
  waitKey(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.queueWaitKey(p));
  }

  @Post('queue-exit')
  queueExit(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.queueExit(p));
  }

  @Post('after-hours')
  afterHours(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.afterHours(p));
  }

  @Post('voicemail')
  voicemail(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, (p) => this.voice.voicemailDone(p));
  }

  @Post('callback-connect')
  callbackConnect(@Req() req: Request, @Res() res: Response) {
    const purpose = req.query.purpose === 'callback-visit' ? 'callback-visit' : 'callback';
    return this.answer(req, res, () => this.voice.callbackConnect(String(req.query.agent), purpose), { needs: 'agent' });
  }

  /** Status callbacks answer nothing Twilio reads; they are still handled once each. */
  @Post('agent-leg')
  @HttpCode(204)
  agentLeg(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, async (p) => {
      await this.voice.agentLeg(p, String(req.query.callSid), String(req.query.agent));
      return '';
    }, { needs: 'agent' });
  }

  @Post('status')
  status(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, async (p) => {
      await this.voice.callStatus(p);
      return '';
    });
  }

  @Post('callback-status')
  callbackStatus(@Req() req: Request, @Res() res: Response) {
    return this.answer(req, res, async (p) => {
      await this.voice.callbackStatus(p, String(req.query.origin ?? ''));
      return '';
    });
  }

  /** "Sorry, we cannot take your call now, please call again later", and hang up. */
  private apology(): string {
    const twiml = new twilio.twiml.VoiceResponse();
    twiml.say(this.settings.sayAttributes('zh-CN') as never, '抱歉,系统暂时无法处理您的来电,请稍后再拨。');
    return twiml.hangup().toString();
  }

  private agents(req: Request): string[] {
    return String(req.query.agents).split(',');
  }

  /**
   * Validates Twilio's parameters, runs the handler once per delivery, and answers with TwiML. Bad
   * parameters get 400 — with TwiML that ends the call politely, since Twilio plays whatever comes back.
   */
  private async answer(
    req: Request,
    res: Response,
    handle: (p: VoiceParamsDto, eventKey: string) => Promise<string>,
    opts: { needs?: 'agents' | 'agent'; /** the handler keeps its own webhook receipt */ writesOwnReceipt?: boolean } = {},
  ): Promise<void> {
    const params = voiceParamsOf(req.body);
    const errors = validateSync(params);
    const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    if (opts.needs === 'agents' && !JOB_NUMBERS.test(String(req.query.agents ?? ''))) problems.push('agents must be a comma-separated list of job numbers');
    if (opts.needs === 'agent' && !/^\d{3,16}$/.test(String(req.query.agent ?? ''))) problems.push('agent must be a job number');
    if (problems.length) {
      res.status(400).type('text/xml').setHeader('X-Problems', encodeURIComponent(problems.join('; ')));
      res.send(this.apology());
      return;
    }
    const token = req.header('i-twilio-idempotency-token');
    const eventKey = `${req.path.split('/').pop()}:${token ?? createHash('sha1').update(JSON.stringify([req.originalUrl, req.body])).digest('hex')}`;
    const xml = opts.writesOwnReceipt ? await handle(params, eventKey) : await this.receipts.once(params.CallSid, eventKey, () => handle(params, eventKey));
    if (!xml) {
      res.status(204).end();
      return;
    }
    res.status(200).type('text/xml').send(xml);
  }
}
