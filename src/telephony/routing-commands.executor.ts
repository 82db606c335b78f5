import { AcdCommand } from '@hotline/acd';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Subscription } from 'rxjs';
import type { Twilio } from 'twilio';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { CallControlService } from './call-control.service';
import { CallRecordsService } from './call-records.service';
import { TelephonySettings } from './telephony-settings';
import { TWILIO_CLIENT } from './twilio-client.provider';
import { VoiceFlowService } from './voice-flow.service';

/**
 * Carries out the routing engine's decisions on live calls through Twilio's REST API: pulls a
 * queued caller out to ring an agent, sends them back when an offer is withdrawn, places
 * callbacks, moves overflowing and over-waiting calls, and records outcomes.
 */
@Injectable()
export class RoutingCommandsExecutor implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: Subscription;
  /** Bumped per call on every offer, so a withdrawal can tell whether a new offer followed it. */
  private readonly offerGeneration = new Map<string, number>();
  /** Commands being carried out now (REST calls to Twilio, record writes). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly engine: RoutingEngineService,
    private readonly voice: VoiceFlowService,
    private readonly records: CallRecordsService,
    private readonly settings: TelephonySettings,
    private readonly control: CallControlService,
    @Inject(TWILIO_CLIENT) private readonly twilio: Twilio,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('routing-commands');
  }

  onApplicationBootstrap(): void {
    this.subscription = this.engine.commands.subscribe((command) => {
      // With several processes every one applies every command; the leader alone carries them out.
      // A leader still taking over hands its catching-up entries' decisions over once caught up (`unexecuted`).
      if (!this.engine.carriesOut) return;
      this.track(command, this.execute(command, this.engine.answeringInline));
    });
    // Taking over from a leader that died: what it may not have carried out.
    this.subscription.add(this.engine.unexecuted.subscribe(({ command, inline }) => this.track(command, this.execute(command, inline))));
  }

  /** A command being carried out, kept until it settles (see idle); a failure is logged, never thrown. */
  private track(command: AcdCommand, execution: Promise<void>): void {
    const run = execution
      .catch((error: unknown) => this.logger.error({ err: error, command }, 'routing command failed'))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /**
   * Resolves once no command is being carried out, including those that commands in flight caused.
   * A virtual clock (the sandbox's, in tests) waits on it before moving time, as it waits for
   * webhooks: a callback Twilio has not been asked to place yet cannot ring within any time.
   */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private async execute(command: AcdCommand, inline: string | undefined): Promise<void> {
    // A call whose webhook is being answered right now gets its offer (or its requeue) in that
    // answer; redirecting it as well would override the TwiML we are about to return.
    if ((command.type === 'offer' || command.type === 'ring-all' || command.type === 'cancel-offer') && inline === command.callId.split('#')[0]) return;
    switch (command.type) {
      case 'offer':
      case 'ring-all': {
        const callSid = command.callId.split('#')[0];
        this.offerGeneration.set(command.callId, (this.offerGeneration.get(command.callId) ?? 0) + 1);
        const agents = command.type === 'offer' ? [command.agentId] : command.agentIds;
        await this.redirect(callSid, '/twilio/voice/connect', { agents: agents.join(',') }, command.callId);
        return;
      }
      case 'cancel-offer':
        // Withdrawn while ringing (the agent changed state, or the engine's deadline passed first):
        // the caller goes back to waiting. Answered elsewhere or caller gone: nothing to do.
        if (command.reason === 'agent-state' || command.reason === 'timeout') {
          const callSid = command.callId.split('#')[0];
          // The engine emits a withdrawal and the next offer in one go; when an offer follows,
          // that offer's redirect is the one that counts, and a requeue would race it.
          const generation = this.offerGeneration.get(command.callId);
          await this.records.offerResult(callSid, command.agentId, command.reason === 'timeout' ? 'missed' : 'cancelled');
          if (this.offerGeneration.get(command.callId) !== generation) return;
          // Moved on while the offer was settled (offered again, answered, over — a withdrawal handed
          // over by a dead leader can be carried out late): a requeue now would pull the caller out of
          // a conversation, or put them back in a queue routing no longer holds them in.
          if (this.engine.callStatus(command.callId) !== 'waiting') return;
          await this.redirect(callSid, '/twilio/voice/requeue', {}, command.callId);
        }
        return;
      case 'callback-task':
        try {
          await this.control.callBack(command.task.callId, command.task.agentId);
        } catch (error) {
          // Not placed (no BYOC trunk for +86, a number Twilio refuses, Twilio down): the agent the
          // task went to is not left on a call that does not exist — the task ends, they wrap up.
          this.logger.error({ err: error, task: command.task }, 'could not place the callback; the task ends');
          await this.engine.callEnded(command.task.callId);
        }
        return;
      case 'voicemail':
        await this.redirect(command.callId.split('#')[0], '/twilio/voice/to-voicemail', {}, command.callId);
        return;
      case 'overflow':
        if (command.internal) await this.records.update(command.callId.split('#')[0], { queueCode: command.target });
        return;
      case 'call-outcome':
        this.offerGeneration.delete(command.callId);
        await this.records.outcome(command.callId.split('#')[0], command.outcome);
        return;
      case 'agent-state':
        return;
    }
  }

  /** Moves a live call to new TwiML; a call already gone is simply ended in the engine. */
  private async redirect(callSid: string, path: string, query: Record<string, string>, engineCallId: string): Promise<void> {
    this.logger.debug({ callSid, path, query }, 'redirecting the call for routing');
    try {
      await this.twilio.calls(callSid).update({ url: this.settings.url(path, query), method: 'POST' });
    } catch (error) {
      this.logger.warn({ err: error, callSid }, 'could not redirect call; treating it as ended');
      await this.engine.callEnded(engineCallId);
    }
  }
}
