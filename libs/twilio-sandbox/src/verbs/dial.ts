import { Bridge } from '../bridge';
import { SandboxCall } from '../call';
import { Interrupted, SandboxClock, sleep } from '../clock';
import { DialingRefused } from '../dialing';
import { CallEnded, DocSource, int, linked, method, QueuedCallRunner, RedirectTo, untilAborted } from '../execution';
import { WebhookParams } from '../signature';
import { RING_TONES } from '../tts-voices';
import { TwimlNode } from '../twiml';
import { HttpMethod } from '../webhooks';
import { dialConference } from './dial-conference';
import { VerbContext, VerbHandler } from './verb';

export async function dial(ctx: VerbContext, verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
  ctx.host.answer(ctx.call);
  // <Dial> docs: timeout default 30 s (+ Twilio's ~5 s buffer), timeLimit 14400 s, method POST,
  // callerId defaults to the caller's number, record default do-not-record.
  const timeoutMs = int(verb.attrs.timeout, 30) * 1000 + ctx.host.timings.dialTimeoutBufferMs;
  const timeLimitMs = int(verb.attrs.timeLimit, 14400) * 1000;
  const action = verb.attrs.action ? ctx.resolveUrl(verb.attrs.action, docUrl) : undefined;
  const actionMethod = method(verb.attrs.method);
  const record = verb.attrs.record && verb.attrs.record !== 'do-not-record' && verb.attrs.record !== 'false';
  const from = verb.attrs.callerId ?? ctx.call.from;
  const nouns = verb.children.length ? verb.children : [{ name: 'Number', attrs: {}, text: verb.text, children: [] }];

  const queueNoun = nouns.find((n) => n.name === 'Queue');
  const conferenceNoun = nouns.find((n) => n.name === 'Conference');
  const outcome = queueNoun
    ? await dialQueue(ctx, queueNoun, docUrl, timeoutMs, timeLimitMs, signal, action, actionMethod)
    : conferenceNoun
      ? await dialConference(ctx, conferenceNoun, docUrl, signal, action, actionMethod)
      : await dialLegs(ctx, nouns, from, timeoutMs, timeLimitMs, signal, action, actionMethod, !!record, verb);
  ctx.host.log(ctx.call, 'dial-end', { ...outcome.params });
  if (action) return { url: action, method: actionMethod, kind: 'action', extra: outcome.params };
  return undefined;
}

export function dialParams(ctx: VerbContext, status: string, dialCallSid: string | undefined, bridgedAt: number | undefined): WebhookParams {
  // <Dial> action parameters: DialCallStatus, DialCallSid, DialCallDuration (answered calls), DialBridged.
  const p: WebhookParams = { DialCallStatus: status, DialBridged: String(bridgedAt !== undefined) };
  if (dialCallSid) p.DialCallSid = dialCallSid;
  if (bridgedAt !== undefined) p.DialCallDuration = String(Math.round((ctx.host.clock.now() - bridgedAt) / 1000));
  return p;
}

/**
 * A REST redirect (Calls update with Url/Twiml) of a call inside <Dial>: Twilio first requests the
 * interrupted Dial's action URL — DialCallStatus `completed` (DialBridged false if nobody had
 * answered yet) — and ignores the TwiML it returns, then fetches the new URL ("If a <Dial> action
 * url is specified, Twilio will make a request to the provided action callback when the parent
 * call is transferred to a new TwiML via call modification. Twilio will not execute any TwiML
 * returned by the action URL": https://twilio.com/changelog/changes-to-dial-behavior-for-enhanced-programmable-sip-feature-accounts).
 */
export async function dialInterruptedByRedirect(ctx: VerbContext, action: string, actionMethod: HttpMethod, params: WebhookParams): Promise<void> {
  ctx.host.log(ctx.call, 'dial-end', { ...params, interruptedBy: 'redirect' });
  await ctx.host.request(ctx.call, 'action', action, actionMethod, params).catch(() => undefined);
}

/** Waits for the bridge to end, or the time limit; on interruption still tells the action URL. */
export async function holdBridge(
  ctx: VerbContext,
  bridge: Bridge,
  other: SandboxCall,
  timeLimitMs: number,
  signal: AbortSignal,
  onInterrupt: () => WebhookParams,
  action: string | undefined,
  actionMethod: HttpMethod,
): Promise<void> {
  const { ac, unlink } = linked(signal);
  const limit = sleep(ctx.host.clock, timeLimitMs, ac.signal).then(() => 'time-limit');
  try {
    const by = await untilAborted(Promise.race([bridge.ended, limit]), signal);
    if (by === 'time-limit') {
      ctx.host.log(ctx.call, 'warning', { message: 'Dial timeLimit reached' });
      bridge.end(ctx.call.sid);
      if (!other.ended && other.direction === 'outbound-dial') ctx.host.endCall(other, 'completed');
    }
    ctx.host.log(ctx.call, 'disconnected', { from: other.sid });
  } catch (e) {
    bridge.end(ctx.call.sid);
    if (!other.ended && other.direction === 'outbound-dial') ctx.host.endCall(other, 'completed');
    if (e instanceof CallEnded && action) await ctx.host.request(ctx.call, 'action', action, actionMethod, onInterrupt()).catch(() => undefined);
    if (e instanceof RedirectTo && action) await dialInterruptedByRedirect(ctx, action, actionMethod, onInterrupt());
    throw e;
  } finally {
    ac.abort(new Interrupted('bridge-over'));
    limit.catch(() => undefined);
    unlink();
  }
}

export async function dialLegs(
  ctx: VerbContext,
  nouns: TwimlNode[],
  from: string,
  timeoutMs: number,
  timeLimitMs: number,
  signal: AbortSignal,
  action: string | undefined,
  actionMethod: HttpMethod,
  record: boolean,
  verb: TwimlNode,
): Promise<{ params: WebhookParams }> {
  const targets = nouns
    .map((n) => {
      if (n.name === 'Client') {
        const identity = n.children.find((c) => c.name === 'Identity')?.text ?? n.text;
        return { noun: n, to: `client:${identity}` };
      }
      if (n.name === 'Number') {
        // A number Twilio will not call is not dialled: the error is logged, the Dial fails.
        try {
          return { noun: n, to: n.text, trunkSid: ctx.host.routeOutbound(n.text, n.attrs.byoc).trunkSid };
        } catch (e) {
          if (!(e instanceof DialingRefused)) throw e;
          ctx.host.log(ctx.call, 'application-error', { code: e.dialCode, message: e.message });
          return undefined;
        }
      }
      ctx.host.log(ctx.call, 'warning', { message: `<Dial><${n.name}> is not emulated` });
      return undefined;
    })
    .filter((t): t is { noun: TwimlNode; to: string; trunkSid?: string } => !!t);
  if (targets.length === 0) return { params: dialParams(ctx, 'failed', undefined, undefined) };
  const legs = targets.map((t) => ({ ...t, call: ctx.host.createDialLeg(ctx.call, t.to, from, t.noun, t.trunkSid) }));
  const ringTone = verb.attrs.ringTone;
  if (ringTone !== undefined && !RING_TONES.has(ringTone))
    ctx.host.log(ctx.call, 'warning', { code: 13220, message: `Dial: Invalid ringTone value ${ringTone}` });
  ctx.host.log(ctx.call, 'dial', {
    to: legs.map((l) => l.to),
    timeout: int(verb.attrs.timeout, 30),
    callerId: from,
    ...(ringTone && RING_TONES.has(ringTone) ? { ringTone } : {}),
  });
  const ringings = legs.map((l) => ({ leg: l, ringing: ctx.host.ringLeg(l.call, l.noun) }));

  // Ringback the caller hears, one event per ring cycle.
  let ringTimer: ReturnType<SandboxClock['setTimeout']> | undefined;
  let rings = 0;
  const ring = () => {
    ctx.host.log(ctx.call, 'ring', { n: ++rings });
    ringTimer = ctx.host.clock.setTimeout(ring, ctx.host.timings.ringCycleMs);
  };
  ring();

  type Won = { status: 'answered'; leg: (typeof legs)[number] } | { status: 'busy' | 'failed' | 'no-answer' };
  let timeoutTimer: ReturnType<SandboxClock['setTimeout']> | undefined;
  let won: Won;
  try {
    won = await untilAborted(
      new Promise<Won>((resolve) => {
        let remaining = ringings.length;
        const failures: string[] = [];
        timeoutTimer = ctx.host.clock.setTimeout(() => resolve({ status: 'no-answer' }), timeoutMs);
        for (const r of ringings) {
          void r.ringing.outcome.then((o) => {
            if (o === 'answered') resolve({ status: 'answered', leg: r.leg });
            else {
              failures.push(o);
              if (--remaining === 0) resolve({ status: failures.includes('busy') ? 'busy' : 'failed' });
            }
          });
        }
      }),
      signal,
    );
  } catch (e) {
    for (const r of ringings) {
      r.ringing.cancel();
      if (!r.leg.call.ended) ctx.host.endCall(r.leg.call, 'canceled');
    }
    if (e instanceof CallEnded && action) {
      await ctx.host.request(ctx.call, 'action', action, actionMethod, dialParams(ctx, 'canceled', legs[0].call.sid, undefined)).catch(() => undefined);
    }
    if (e instanceof RedirectTo && action)
      await dialInterruptedByRedirect(ctx, action, actionMethod, dialParams(ctx, 'completed', legs[0].call.sid, undefined));
    throw e;
  } finally {
    if (ringTimer) ctx.host.clock.clearTimeout(ringTimer);
    if (timeoutTimer) ctx.host.clock.clearTimeout(timeoutTimer);
  }

  for (const r of ringings) {
    if (won.status === 'answered' && r.leg === won.leg) continue;
    r.ringing.cancel();
    if (!r.leg.call.ended) ctx.host.endCall(r.leg.call, won.status === 'answered' ? 'canceled' : won.status);
  }
  if (won.status !== 'answered') {
    ctx.host.log(ctx.call, 'dial-result', { status: won.status });
    return { params: dialParams(ctx, won.status, legs.length === 1 ? legs[0].call.sid : undefined, undefined) };
  }
  const leg = won.leg.call;
  const bridgedAt = ctx.host.clock.now();
  ctx.host.log(ctx.call, 'connected', { to: won.leg.to, callSid: leg.sid });
  const bridge = ctx.host.bridge(ctx.call, leg);
  await holdBridge(ctx, bridge, leg, timeLimitMs, signal, () => dialParams(ctx, 'completed', leg.sid, bridgedAt), action, actionMethod);
  const params = dialParams(ctx, 'completed', leg.sid, bridgedAt);
  if (record) {
    const recordingSid = ctx.host.newSid('RE');
    params.RecordingUrl = ctx.host.recordingUrl(ctx.call, recordingSid);
    params.RecordingSid = recordingSid;
    params.RecordingDuration = params.DialCallDuration;
  }
  return { params };
}

export async function dialQueue(
  ctx: VerbContext,
  noun: TwimlNode,
  docUrl: string | undefined,
  timeoutMs: number,
  timeLimitMs: number,
  signal: AbortSignal,
  action: string | undefined,
  actionMethod: HttpMethod,
): Promise<{ params: WebhookParams }> {
  const name = noun.text;
  const queue = ctx.host.queueByName(name);
  ctx.host.log(ctx.call, 'dial', { queue: name });
  // <Queue> noun docs: a queue that does not exist makes Dial post an error status to its action.
  if (!queue) return { params: dialParams(ctx, 'failed', undefined, undefined) };
  const pick = (): QueuedCallRunner | undefined => {
    for (const m of queue.members) {
      const r = ctx.host.runnerOf(m.callSid);
      if (r?.inQueue) return r;
    }
    return undefined;
  };
  let target = pick();
  if (!target) {
    // Empty queue: wait for the next caller until the Dial timeout.
    const { ac, unlink } = linked(signal);
    let off: (() => void) | undefined;
    try {
      target = await Promise.race([
        new Promise<QueuedCallRunner | undefined>((resolve) => {
          off = queue.onJoin(() => setImmediate(() => resolve(pick())));
        }),
        sleep(ctx.host.clock, timeoutMs, ac.signal).then(() => undefined),
      ]);
    } finally {
      off?.();
      ac.abort(new Interrupted('dial-queue-wait-over'));
      unlink();
    }
    signal.throwIfAborted();
    if (!target) return { params: dialParams(ctx, 'no-answer', undefined, undefined) };
  }
  const member = target.call;
  const bridge = await untilAborted(
    target.dequeueTo(ctx.call, noun.attrs.url ? ctx.resolveUrl(noun.attrs.url, docUrl) : undefined, method(noun.attrs.method)),
    signal,
  );
  const bridgedAt = ctx.host.clock.now();
  ctx.host.log(ctx.call, 'connected', { to: member.from, callSid: member.sid, queue: name });
  await holdBridge(ctx, bridge, member, timeLimitMs, signal, () => dialParams(ctx, 'completed', member.sid, bridgedAt), action, actionMethod);
  return { params: dialParams(ctx, 'completed', member.sid, bridgedAt) };
}
export const dialVerb: VerbHandler = (ctx, verb, docUrl, signal) => dial(ctx, verb, docUrl, signal);
