import { conferenceEvents } from '../conference-hub';
import { BeepSetting, ParticipantFlags } from '../conference';
import { CallEnded, method, RedirectTo, untilAborted } from '../execution';
import { WebhookParams } from '../signature';
import { TwimlNode } from '../twiml';
import { HttpMethod } from '../webhooks';
import { VerbContext } from './verb';

const BEEPS: readonly string[] = ['true', 'false', 'onEnter', 'onExit'];

/**
 * <Dial><Conference>name</Conference></Dial>: the call joins the room and stays in the <Dial>
 * until it leaves — kicked (Participant DELETE), the conference ended (endConferenceOnExit, the
 * last one out, Conference update Status=completed), or its own call hung up or redirected; then
 * the Dial's action is requested and the call's TwiML goes on. Attributes (<Conference> docs):
 * muted (false), beep (true), startConferenceOnEnter (true), endConferenceOnExit (false),
 * coach (the CallSid to coach), participantLabel, statusCallback/-Event/-Method, record with
 * recordingStatusCallback/-Method/-Event, waitUrl (the
 * default hold music is logged; a waitUrl document is not fetched by the sandbox).
 */
export async function dialConference(
  ctx: VerbContext,
  noun: TwimlNode,
  docUrl: string | undefined,
  signal: AbortSignal,
  action: string | undefined,
  actionMethod: HttpMethod,
): Promise<{ params: WebhookParams }> {
  const a = noun.attrs;
  const flags: ParticipantFlags = {
    muted: a.muted === 'true',
    hold: false,
    coaching: !!a.coach,
    callSidToCoach: a.coach || undefined,
    startConferenceOnEnter: a.startConferenceOnEnter !== 'false',
    endConferenceOnExit: a.endConferenceOnExit === 'true',
    beep: (a.beep !== undefined && BEEPS.includes(a.beep) ? a.beep : 'true') as BeepSetting,
    label: a.participantLabel,
  };
  const callback = a.statusCallback
    ? { url: ctx.resolveUrl(a.statusCallback, docUrl), method: method(a.statusCallbackMethod), events: conferenceEvents(a.statusCallbackEvent) }
    : undefined;
  // record="record-from-start" (default do-not-record) with recordingStatusCallback/-Method/-Event (default `completed`).
  const recording =
    a.record === 'record-from-start'
      ? {
          callback: a.recordingStatusCallback
            ? {
                url: ctx.resolveUrl(a.recordingStatusCallback, docUrl),
                method: method(a.recordingStatusCallbackMethod),
                events: recordingEvents(a.recordingStatusCallbackEvent),
              }
            : undefined,
        }
      : undefined;
  ctx.host.log(ctx.call, 'dial', { conference: noun.text, ...(recording ? { record: a.record } : {}) });
  const { conference, participant } = ctx.host.conferences.join(ctx.call, noun.text, flags, callback, recording);
  const joinedAt = ctx.host.clock.now();
  const params = (): WebhookParams => ({
    DialCallStatus: 'completed',
    DialBridged: 'true',
    DialCallDuration: String(Math.round((ctx.host.clock.now() - joinedAt) / 1000)),
  });
  try {
    if (!conference.started) {
      // Until someone with startConferenceOnEnter joins: the wait music, nobody heard.
      ctx.host.log(ctx.call, 'play', { conferenceWait: true, url: a.waitUrl ?? 'default' });
      await untilAborted(Promise.race([conference.whenStarted(), participant.left]), signal);
    }
    const reason = await untilAborted(participant.left, signal);
    ctx.host.log(ctx.call, 'conference-left', { conference: noun.text, reason });
  } catch (e) {
    ctx.host.conferences.leave(conference, ctx.call.sid, e instanceof CallEnded ? 'participant_hung_up' : 'participant_updated_via_api');
    if (action && (e instanceof CallEnded || e instanceof RedirectTo))
      await ctx.host.request(ctx.call, 'action', action, actionMethod, params()).catch(() => undefined);
    throw e;
  }
  return { params: params() };
}

/** recordingStatusCallbackEvent: space-separated `in-progress`, `completed`, `absent`; default `completed`. */
function recordingEvents(text: string | undefined): Set<'in-progress' | 'completed' | 'absent'> {
  const known = ['in-progress', 'completed', 'absent'] as const;
  const chosen = (text ?? 'completed').split(/[\s,]+/).filter((e): e is (typeof known)[number] => (known as readonly string[]).includes(e));
  return new Set(chosen.length ? chosen : ['completed']);
}
