import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import { Subscription } from 'rxjs';
import type { Twilio } from 'twilio';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { RoutingJournal } from '../routing/routing-journal.service';
import { CallRecord } from './call-record.entity';
import { CallRecordsService } from './call-records.service';
import { TelephonySettings } from './telephony-settings';
import { TWILIO_CLIENT } from './twilio-client.provider';
import { engineCallId } from './voice-flow.service';

/** Twilio's final call statuses (Call resource: `status`). */
const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/**
 * How far back recovery looks: no hotline call lasts a day, and a callback request older than that
 * was answered some other way or given up (a longer outage is a site's decision, not a restart's).
 */
const HORIZON_MS = 24 * 3600_000;
/** Twilio REST calls in flight at once while recovering. */
const CONCURRENCY = 8;
/** Twilio unreachable at start: try again this often until it answers. */
const RETRY_MS = 10_000;

export interface RecoverySummary {
  /** Back in the routing engine, waiting to be offered (in Twilio's queue, or put back there). */
  waiting: number;
  /** Of those, calls being rung when the server stopped: taken back from the agents and queued again. */
  requeued: number;
  /** Callback requests (the caller hung up keeping their place) waiting again. */
  callbacks: number;
  /** Still talking to an agent: the agent signs in on the call. */
  talking: number;
  /** Ended while the server was down: closed in the records. */
  closed: number;
  /** Live elsewhere in their flow (the IVR menu, a callback leg): their next webhook carries on. */
  carryingOn: number;
}

type Fate = 'waiting' | 'requeued' | 'callback' | 'talking' | 'closed' | 'carry-on';

/**
 * Restart recovery: Twilio holds the media, so a restart need not lose a caller — but the routing
 * engine starts empty. On start, before the server takes a request, every call the records leave
 * open is looked up at Twilio: ended while we were down → closed in the records; in one of our
 * Twilio queues → waiting again in the engine; being rung → taken back from the agents (REST
 * redirect) and queued again; talking to an agent → that agent signs in on the call. They enter
 * the engine oldest first with their priority and their wait counted from arrival, so they are
 * offered in their original order as agents' softphones reconnect. Callback requests still owed
 * are re-armed. Twilio's Queue and Member resources (https://www.twilio.com/docs/voice/api/queue-resource,
 * https://www.twilio.com/docs/voice/api/member-resource: `call_sid`, `position`, `date_enqueued`)
 * say who is waiting where; the sandbox answers them as Twilio does.
 */
@Injectable()
export class CallRecoveryService implements OnApplicationBootstrap, OnModuleDestroy {
  private retry?: unknown;
  private takeovers?: Subscription;

  constructor(
    private readonly records: CallRecordsService,
    private readonly engine: RoutingEngineService,
    private readonly settings: TelephonySettings,
    @Inject(TWILIO_CLIENT) private readonly twilio: Twilio,
    private readonly httpHost: HttpAdapterHost,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
    private readonly journal: RoutingJournal,
  ) {
    logger.setContext('call-recovery');
  }

  /** Runs after routing has loaded its queues (RoutingModule boots first) and before the server listens. */
  async onApplicationBootstrap(): Promise<void> {
    this.takeovers = this.engine.takeovers.subscribe(() => void this.afterTakeover());
    // Redis back with the lease still held (a short outage): no new election, and no takeover.
    this.takeovers.add(this.journal.back.subscribe(() => void (this.engine.isLeader && this.takeInUnheld())));
    // With several processes the journal holds the routing state: a process joining a running site
    // (or replacing a crashed one) replays it, and recovers from the records only on a cold start.
    await this.journal.start();
    if (this.journal.clustered && !this.journal.startedEmpty) return;
    await this.attempt();
  }

  onModuleDestroy(): void {
    if (this.retry) this.clock.clearTimeout(this.retry);
    this.takeovers?.unsubscribe();
  }

  /**
   * A new leader: the calls the routing state holds checked at Twilio, then the calls it does not
   * hold taken in — callers queued while routing was unreachable (Redis away), or whose arrival
   * died with a process before it was journalled.
   */
  private async afterTakeover(): Promise<void> {
    await this.reconcileAfterTakeover();
    await this.takeInUnheld();
  }

  private async takeInUnheld(): Promise<void> {
    try {
      const summary = await this.recover({ onlyUnheld: true });
      if (Object.values(summary).some((n) => n > 0)) this.logger.info(summary, 'calls the routing state did not hold taken in after taking over routing');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not take in the calls the routing state does not hold');
    }
  }

  /**
   * Fail-over (several processes): the new leader holds the routing state already (the journal),
   * but webhooks that reached the dead leader died with it — an agent's answer, a caller's hang-up,
   * a webhook answered with an offer never delivered. Each call the engine holds is looked up at
   * Twilio as at a restart: ended → ended in the engine and the records; answered by an agent while
   * the engine still rings them → connected; rung by nobody at Twilio while the engine has it
   * offered → rung again.
   */
  async reconcileAfterTakeover(): Promise<{ ended: number; connected: number; rungAgain: number }> {
    const summary = { ended: 0, connected: 0, rungAgain: 0 };
    // Calls being rung first: an offer whose ring died with the old leader holds an agent reserved
    // and a caller waiting for nobody, and the engine's backstop would count it the agent's miss.
    // Checking every waiting call first took 17 s with 50 waiting under load; those only need their
    // end noticed, which their own status callbacks usually do.
    const live = this.engine
      .liveCalls()
      .filter((c) => !c.callback)
      .sort((a, b) => Number(b.status === 'offered') - Number(a.status === 'offered'));
    for (let i = 0; i < live.length; i += CONCURRENCY) {
      await Promise.all(
        live
          .slice(i, i + CONCURRENCY)
          .map((call) =>
            this.reconcileCall(call, summary).catch((error: unknown) =>
              this.logger.warn({ err: error, callId: call.callId }, 'could not check a call after taking over'),
            ),
          ),
      );
    }
    if (Object.values(summary).some((n) => n > 0)) this.logger.info(summary, 'calls reconciled with Twilio after taking over routing');
    return summary;
  }

  private async reconcileCall(
    call: { callId: string; status: string; offeredTo: readonly string[] },
    summary: { ended: number; connected: number; rungAgain: number },
  ): Promise<void> {
    const callSid = call.callId.split('#')[0];
    const status = await this.twilioStatus(callSid);
    if (status === undefined || FINAL.has(status)) {
      const record = await this.records.find(callSid);
      if (record && !record.endedAt) await this.records.ended(record, { ifConnected: 'answered', otherwise: 'abandoned' });
      await this.engine.callEnded(call.callId);
      summary.ended++;
      return;
    }
    if (call.status !== 'offered') return;
    const legs = await this.twilio.calls.list({ parentCallSid: callSid, limit: 20 });
    const agentLegs = legs.filter((leg) => leg.to?.startsWith('client:agent-'));
    const up = agentLegs.find((leg) => leg.status === 'in-progress');
    if (up) {
      const agent = up.to.slice('client:agent-'.length);
      await this.records.connected(callSid, agent);
      await this.engine.offerAnswered(call.callId, agent);
      summary.connected++;
      return;
    }
    if (agentLegs.some((leg) => leg.status === 'ringing' || leg.status === 'queued')) return;
    // Re-read: the offer may have been answered or withdrawn while Twilio was asked.
    const now = this.engine.liveCalls().find((c) => c.callId === call.callId);
    if (now?.status !== 'offered') return;
    // Twilio was handed the <Dial> (its TwiML is written with the offer's row): it rings once its
    // prompt is spoken, or has been answered and the answer is on its way to routing. Ringing again
    // then cut the caller's conversation short and rang the agent a second time (chaos runs), so only
    // a ring that never reached Twilio — a redirect lost with the dead leader — is made again.
    const handed = (await this.records.offersFor(callSid)).some(
      (offer) => now.offeredTo.includes(offer.agentJobNumber) && (offer.result === null || offer.result === 'answered'),
    );
    if (handed) return;
    this.logger.debug({ callSid, agents: now.offeredTo }, 'rung by nobody at Twilio after the take-over: ringing again');
    await this.twilio.calls(callSid).update({ url: this.settings.url('/twilio/voice/connect', { agents: now.offeredTo.join(',') }), method: 'POST' });
    summary.rungAgain++;
  }

  /**
   * One recovery; if Twilio cannot be reached, again every RETRY_MS until it can, so no waiting
   * caller is left unoffered (a repeat is harmless: the engine ignores arrivals it already holds).
   */
  private async attempt(): Promise<void> {
    this.retry = undefined;
    try {
      const summary = await this.recover();
      if (Object.values(summary).some((n) => n > 0)) this.logger.info(summary, 'calls recovered after a restart');
    } catch (error) {
      this.logger.error({ err: error }, `restart recovery could not reach Twilio; trying again in ${RETRY_MS / 1000} s`);
      this.retry = this.clock.setTimeout(() => void this.attempt(), RETRY_MS);
    }
  }

  /** `onlyUnheld`: a running site's new leader — only the calls its routing state does not hold. */
  async recover(options: { onlyUnheld?: boolean } = {}): Promise<RecoverySummary> {
    const summary: RecoverySummary = { waiting: 0, requeued: 0, callbacks: 0, talking: 0, closed: 0, carryingOn: 0 };
    const since = new Date(this.records.now().getTime() - HORIZON_MS);
    const unheld = (record: CallRecord) => !options.onlyUnheld || !this.engine.holdsCall(engineCallId(record));
    // Running: only callers waiting in a queue can be the routing state's to take in. A call being
    // rung that routing does not hold is one whose end routing has just taken (its records follow):
    // requeueing it pulled a caller back into a queue after their conversation (a chaos run's last call).
    const open = (await this.records.unendedSince(since)).filter(
      (r) => unheld(r) && (!options.onlyUnheld || (r.direction === 'inbound' && r.status === 'queued')),
    );
    const owed = (await this.owedCallbacks(since)).filter(unheld);
    if (open.length === 0 && owed.length === 0) return summary;
    const fates = new Map<CallRecord, Fate>();
    if (this.settings.embedsSandbox && !options.onlyUnheld) {
      // The embedded sandbox is this process's own Twilio: its calls ended with the process that held them.
      for (const record of open) {
        await this.records.ended(record, { ifConnected: 'answered', otherwise: 'failed' });
        fates.set(record, 'closed');
      }
    }
    const queued = fates.size === open.length ? new Set<string>() : await this.queuedCallSids();
    for (let i = 0; i < open.length && fates.size < open.length; i += CONCURRENCY) {
      const batch = open.slice(i, i + CONCURRENCY);
      const decided = await Promise.all(
        batch.map((record) =>
          this.settle(record, queued).catch((error: unknown) => {
            this.logger.warn({ err: error, callSid: record.callSid }, 'could not recover a call');
            return 'carry-on' as const;
          }),
        ),
      );
      batch.forEach((record, j) => fates.set(record, decided[j]));
    }
    // Oldest first, each with its priority: the engine serves a priority in the order calls entered it.
    const waiting = [
      ...owed.map((record) => ({ record, callback: true })),
      ...open
        .filter((r) => ['waiting', 'requeued', 'callback'].includes(fates.get(r)!))
        .map((record) => ({ record, callback: fates.get(record) === 'callback' })),
    ].sort((a, b) => a.record.arrivedAt.getTime() - b.record.arrivedAt.getTime() || a.record.id - b.record.id);
    for (const { record, callback } of waiting) {
      const callId = engineCallId(record);
      this.logger.debug({ callSid: record.callSid, fate: fates.get(record) ?? 'callback', onlyUnheld: options.onlyUnheld ?? false }, 'call taken into routing');
      const queueId = record.queueCode && this.engine.hasQueue(record.queueCode) ? record.queueCode : this.settings.entryQueue;
      await this.engine.callArrived({ callId, queueId, priority: record.priority, waitingSince: record.arrivedAt.getTime() });
      if (callback) await this.engine.requestCallback(callId);
    }
    summary.callbacks = owed.length;
    for (const fate of fates.values()) {
      if (fate === 'waiting') summary.waiting++;
      else if (fate === 'requeued') {
        summary.requeued++;
        summary.waiting++;
      } else if (fate === 'callback') summary.callbacks++;
      else if (fate === 'talking') summary.talking++;
      else if (fate === 'closed') summary.closed++;
      else summary.carryingOn++;
    }
    return summary;
  }

  /** What became of one open call while the server was down, with the records brought up to date. */
  private async settle(record: CallRecord, queued: Set<string>): Promise<Fate> {
    const status = await this.twilioStatus(record.callSid);
    if (status === undefined || FINAL.has(status)) {
      if (record.status === 'callback') {
        await this.records.ended(record, 'callback');
        return record.direction === 'inbound' && record.queueCode ? 'callback' : 'closed';
      }
      await this.records.ended(record, { ifConnected: 'answered', otherwise: 'abandoned' });
      return 'closed';
    }
    if (record.direction !== 'inbound') return 'carry-on'; // a callback or visit leg: its status callback closes it
    if (queued.has(record.callSid)) return record.status === 'callback' ? 'callback' : 'waiting';
    if ((record.status === 'connected' || record.status === 'held') && record.agentJobNumber) return await this.talking(record, record.agentJobNumber);
    if (record.status === 'offered') {
      const agent = await this.answeringAgent(record.callSid);
      if (agent) {
        await this.records.connected(record.callSid, agent);
        return await this.talking(record, agent);
      }
    }
    if (record.status === 'offered' || record.status === 'queued') {
      // Rung (or on its way to the queue) when we stopped: back to waiting, answered by the IVR if no one had.
      // Twilio fetches the new TwiML at once, so the redirect waits until the server listens.
      await this.records.withdrawOffers(record.callSid);
      if (!record.answeredAt) await this.records.answerByIvr(record.callSid);
      this.whenListening(() =>
        this.twilio
          .calls(record.callSid)
          .update({ url: this.settings.url('/twilio/voice/requeue'), method: 'POST' })
          .then(
            () => undefined,
            (error: unknown) => {
              this.logger.warn({ err: error, callSid: record.callSid }, 'could not take a rung call back to its queue; treating it as ended');
              return this.engine.callEnded(engineCallId(record)).then(() => undefined);
            },
          ),
      );
      return 'requeued';
    }
    return 'carry-on';
  }

  private whenListening(action: () => Promise<void>): void {
    const server = this.httpHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || server.listening) void action();
    else server.once('listening', () => void action());
  }

  private async talking(record: CallRecord, agent: string): Promise<Fate> {
    const queueId = record.queueCode && this.engine.hasQueue(record.queueCode) ? record.queueCode : this.settings.entryQueue;
    const answeredAt = (record.connectedAt ?? record.answeredAt ?? record.arrivedAt).getTime();
    await this.engine.restoreCall(agent, {
      callId: engineCallId(record),
      queueId,
      priority: record.priority,
      arrivedAt: record.arrivedAt.getTime(),
      answeredAt,
    });
    return 'talking';
  }

  /** The call's status at Twilio; undefined when Twilio no longer knows it (404). */
  private async twilioStatus(callSid: string): Promise<string | undefined> {
    try {
      return (await this.twilio.calls(callSid).fetch()).status;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  /** The agent whose leg of this call is up (the answer's webhook was lost while we were down). */
  private async answeringAgent(callSid: string): Promise<string | undefined> {
    const legs = await this.twilio.calls.list({ parentCallSid: callSid, limit: 20 });
    const up = legs.find((leg) => leg.to?.startsWith('client:agent-') && leg.status === 'in-progress');
    return up?.to.slice('client:agent-'.length);
  }

  /** CallSids waiting in our routing queues at Twilio (hold queues are an agent's, not routing's). */
  private async queuedCallSids(): Promise<Set<string>> {
    const sids = new Set<string>();
    for (const queue of await this.twilio.queues.list()) {
      if (!this.engine.hasQueue(queue.friendlyName) || queue.currentSize === 0) continue;
      for (const member of await this.twilio.queues(queue.sid).members.list()) sids.add(member.callSid);
    }
    return sids;
  }

  /**
   * Callers who hung up to be called back, keeping their place (the engine held it in memory), and
   * whom no callback has reached yet: the engine holds their place again.
   */
  private async owedCallbacks(since: Date): Promise<CallRecord[]> {
    const { requested, placed } = await this.records.callbacksSince(since);
    const done = new Set(placed);
    return requested.filter((record) => !done.has(record.callSid));
  }
}
