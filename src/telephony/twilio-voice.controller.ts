import { traceRouting } from '../routing/routing-trace';
import { Controller, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { Public } from '../auth/auth.decorators';
import { VoiceParamsDto } from './dtos/voice-params.dto';
import { IvrAnsweredCallsService } from './ivr-answered-calls.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { AgentLegQuery, AgentQuery, AgentsQuery, CallSidQuery, queryText, RecordingUrlParam, VoiceParams } from './twilio-webhook-params';
import { apologyTwiml, TwimlExceptionFilter } from './twiml-exception.filter';
import { TelephonySettings } from './telephony-settings';
import { VoiceFlowService } from './voice-flow.service';
import { WebhookReceiptsService } from './webhook-receipts.service';

/**
 * Twilio's Voice webhooks. Public (Twilio has no bearer token) but every request must carry a valid
 * X-Twilio-Signature; each (call, event) is handled once, and repeats get the first answer.
 */
@ApiExcludeController()
@Public()
@UseGuards(TwilioSignatureGuard)
@UseFilters(TwimlExceptionFilter)
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
  incoming(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    if (this.voice.answersAtOnce()) {
      // The record and the receipt are written with the other calls arriving now, in one transaction.
      const answerAtOnce = (p: VoiceParamsDto, eventKey: string) => {
        const { record, prioritise, twiml } = this.voice.answerAtOnce(p);
        return this.ivrAnsweredCalls.record({ record, prioritise, eventKey, answer: twiml });
      };
      return this.answer(req, res, params, answerAtOnce, { writesOwnReceipt: true });
    }
    return this.answer(req, res, params, (p) => this.voice.incoming(p));
  }

  @Post('menu')
  menu(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    const attempt = Number(req.query.attempt ?? 1);
    return this.answer(req, res, params, (p) => this.voice.menuChoice(p, Number.isInteger(attempt) && attempt > 0 ? attempt : 1));
  }

  @Post('dial-result')
  dialResult(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto, @AgentsQuery() agents: string[]) {
    const segment = req.query.segment === undefined ? undefined : Number(req.query.segment);
    return this.answer(req, res, params, (p) => this.voice.dialResult(p, agents, Number.isInteger(segment) ? segment : undefined));
  }

  @Post('connect')
  connect(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto, @AgentsQuery() agents: string[]) {
    return this.answer(req, res, params, (p) => this.voice.connect(p, agents));
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
    res.status(200).type('text/xml').send(apologyTwiml(this.settings));
  }

  @Post('requeue')
  requeue(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, (p) => this.voice.requeue(p));
  }

  /** `?agent=<job number>`: transferred to a named agent, who alone is offered the caller. */
  @Post('transferred')
  transferred(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto, @AgentQuery({ optional: true }) agent?: string) {
    return this.answer(req, res, params, (p) => this.voice.transferred(p, agent));
  }

  /** The conference participant's HoldUrl: what a caller on hold hears. */
  @Post('hold-music')
  holdMusic(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, () => this.voice.holdMusic());
  }

  /** `?callSid=<the caller's call>`: the agent's leg, given new TwiML when it answered, joins the call's room. */
  @Post('conference-join')
  conferenceJoin(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto, @CallSidQuery() callSid: string) {
    return this.answer(req, res, params, () => this.voice.conferenceJoin(callSid));
  }

  /**
   * `?callSid=`: the call's room recording is available (<Conference recordingStatusCallback>). Its
   * parameters name the conference and the recording, not a call (no CallSid): the query does.
   */
  @Post('conference-recording')
  @HttpCode(204)
  conferenceRecording(@Req() req: Request, @Res() res: Response, @CallSidQuery() callSid: string, @RecordingUrlParam() recordingUrl: string) {
    return this.answer(req, res, { CallSid: callSid }, async () => {
      await this.voice.conferenceRecorded(callSid, recordingUrl);
      return '';
    });
  }

  /** A call out's <Dial> to the agent ended: the customer joins the agent in the call's room, or the call ends. */
  @Post('outbound-dial-result')
  outboundDialResult(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, (p) => this.voice.outboundDialResult(p));
  }

  /** The caller's <Dial><Conference> ended. */
  @Post('conference-exit')
  conferenceExit(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    const segment = req.query.segment === undefined ? undefined : Number(req.query.segment);
    return this.answer(req, res, params, (p) => this.voice.conferenceExit(p, Number.isInteger(segment) ? segment : undefined));
  }

  /**
   * `?callSid=&agentLeg=`: the caller's <Conference statusCallback> (events `join`). A conference status
   * callback, not a call's: its CallSid is the participant joining — only the caller's own join counts.
   */
  @Post('caller-joined')
  @HttpCode(204)
  callerJoined(
    @Req() req: Request,
    @Res() res: Response,
    @VoiceParams() params: VoiceParamsDto,
    @CallSidQuery() callSid: string,
    @AgentLegQuery() agentLeg: string,
  ) {
    const event = queryText((req.body as Record<string, unknown>).StatusCallbackEvent);
    return this.answer(req, res, params, async (p) => {
      if (event === 'participant-join' && p.CallSid === callSid) await this.voice.callerJoined(callSid, agentLeg);
      return '';
    });
  }

  @Post('to-voicemail')
  toVoicemail(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, () => this.voice.toVoicemail());
  }

  @Post('wait')
  wait(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, (p) => this.voice.queueWait(p));
  }

  @Post('wait-key')
  waitKey(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, (p) => this.voice.queueWaitKey(p));
  }

  @Post('queue-exit')
  queueExit(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, (p) => this.voice.queueExit(p));
  }

  @Post('after-hours')
  afterHours(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, (p) => this.voice.afterHours(p));
  }

  @Post('voicemail')
  voicemail(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, (p) => this.voice.voicemailDone(p));
  }

  @Post('callback-connect')
  callbackConnect(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto, @AgentQuery() agent: string) {
    const purpose = req.query.purpose === 'callback-visit' || req.query.purpose === 'agent-dial' ? req.query.purpose : 'callback';
    return this.answer(req, res, params, (p) => this.voice.callbackConnect(p, agent, purpose));
  }

  /** Status callbacks answer nothing Twilio reads; they are still handled once each. */
  @Post('agent-leg')
  @HttpCode(204)
  agentLeg(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto, @AgentQuery() agent: string, @CallSidQuery() callSid: string) {
    return this.answer(req, res, params, async (p) => {
      await this.voice.agentLeg(p, callSid, agent);
      return '';
    });
  }

  /** `?callSid=&target=`: the consulted colleague's (job number) or outside number's leg (Participants create statusCallback). */
  @Post('consult-leg')
  @HttpCode(204)
  consultLeg(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto, @CallSidQuery() callSid: string) {
    const target = typeof req.query.target === 'string' ? req.query.target.slice(0, 32) : '';
    return this.answer(req, res, params, async (p) => {
      await this.voice.consultLeg(p, callSid, target);
      return '';
    });
  }

  @Post('status')
  status(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, async (p) => {
      await this.voice.callStatus(p);
      return '';
    });
  }

  @Post('callback-status')
  callbackStatus(@Req() req: Request, @Res() res: Response, @VoiceParams() params: VoiceParamsDto) {
    return this.answer(req, res, params, async (p) => {
      await this.voice.callbackStatus(p, queryText(req.query.origin));
      return '';
    });
  }

  /**
   * Runs the handler once per delivery (its parameters already validated, see VoiceParams) and
   * answers with TwiML.
   */
  private async answer(
    req: Request,
    res: Response,
    params: VoiceParamsDto,
    handle: (p: VoiceParamsDto, eventKey: string) => string | Promise<string>,
    opts: { /** the handler keeps its own webhook receipt */ writesOwnReceipt?: boolean } = {},
  ): Promise<void> {
    const received = Date.now();
    const token = req.header('i-twilio-idempotency-token');
    const eventKey = `${req.path.split('/').pop()}:${
      token ??
      createHash('sha1')
        .update(JSON.stringify([req.originalUrl, req.body]))
        .digest('hex')
    }`;
    const xml = opts.writesOwnReceipt ? await handle(params, eventKey) : await this.receipts.once(params.CallSid, eventKey, () => handle(params, eventKey));
    // For reading a fail-over's log: which call each webhook was, and what it was told to do next.
    this.logger.debug({ callSid: params.CallSid, url: req.originalUrl, twiml: xml?.slice(0, 400) }, 'voice webhook answered');
    if (!xml) {
      res.status(204).end();
      return;
    }
    traceRouting({ step: 'webhook', path: req.path, callId: params.CallSid, received, answered: Date.now() });
    res.status(200).type('text/xml').send(xml);
  }
}
