import { Bridge } from '../bridge';
import { sleep } from '../clock';
import { CallEnded, DEFAULT_HOLD_MUSIC_URL, DocSource, linked, method, QueueExit, RedirectTo, untilAborted } from '../execution';
import { SandboxQueue } from '../queue';
import { WebhookParams } from '../signature';
import { TwimlNode } from '../twiml';
import { HttpMethod } from '../webhooks';
import { VerbContext, VerbHandler } from './verb';

export async function enqueue(ctx: VerbContext, verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
  ctx.host.answer(ctx.call);
  const name = verb.text;
  const queue = ctx.host.getOrCreateQueue(name);
  const action = verb.attrs.action ? ctx.resolveUrl(verb.attrs.action, docUrl) : undefined;
  const actionMethod = method(verb.attrs.method);
  const waitUrl = verb.attrs.waitUrl ? ctx.resolveUrl(verb.attrs.waitUrl, docUrl) : undefined;
  const waitMethod = method(verb.attrs.waitUrlMethod);
  const enqueuedAt = ctx.host.clock.now();
  // <Enqueue> action parameters: QueueResult, QueueSid, QueueTime (seconds in queue).
  const actionParams = (result: string): WebhookParams => ({
    QueueResult: result,
    QueueSid: queue.sid,
    QueueTime: String(Math.round((ctx.host.clock.now() - enqueuedAt) / 1000)),
  });
  const notify = async (result: string) => {
    if (action) await ctx.host.request(ctx.call, 'action', action, actionMethod, actionParams(result));
  };
  if (queue.full) {
    ctx.host.log(ctx.call, 'enqueue', { queue: name, queueSid: queue.sid, result: 'queue-full' });
    return action ? { url: action, method: actionMethod, kind: 'action', extra: actionParams('queue-full') } : undefined;
  }
  queue.add(ctx.call.sid, enqueuedAt);
  ctx.call.queueSid = queue.sid;
  ctx.host.log(ctx.call, 'enqueue', { queue: name, queueSid: queue.sid, position: queue.position(ctx.call.sid) });
  const { ac, unlink } = linked(signal);
  ctx.queueWait = ac;
  const leaveQueue = () => {
    queue.remove(ctx.call.sid, ctx.host.clock.now());
    ctx.call.queueSid = undefined;
    ctx.queueWait = undefined;
  };
  let exit: QueueExit;
  try {
    await holdLoop(ctx, queue, enqueuedAt, waitUrl, waitMethod, ac.signal);
    throw new Error('unreachable: hold loop returned');
  } catch (e) {
    if (e instanceof QueueExit) exit = e;
    else {
      leaveQueue();
      const result = e instanceof RedirectTo ? 'redirected' : e instanceof CallEnded ? 'hangup' : 'error';
      ctx.host.log(ctx.call, 'dequeue', { queue: name, result });
      // The action is still requested so the app learns why the caller left; its TwiML is ignored.
      await notify(result).catch(() => undefined);
      throw e;
    }
  } finally {
    unlink();
  }
  leaveQueue();
  if (exit.result === 'leave') {
    ctx.host.log(ctx.call, 'dequeue', { queue: name, result: 'leave' });
    return action ? { url: action, method: actionMethod, kind: 'action', extra: actionParams('leave') } : undefined;
  }
  // Dequeued by <Dial><Queue>: play the dialer's <Queue url> announcement, then bridge.
  const pd = ctx.pendingDequeue!;
  ctx.pendingDequeue = undefined;
  ctx.host.log(ctx.call, 'dequeue', { queue: name, result: 'bridged', by: pd.dialer.sid });
  let bridge: Bridge;
  try {
    if (pd.url) {
      const extra: WebhookParams = {
        QueueSid: queue.sid,
        QueueTime: String(Math.round((ctx.host.clock.now() - enqueuedAt) / 1000)),
        DequeingCallSid: pd.dialer.sid,
      };
      let src: DocSource | undefined = { url: pd.url, method: pd.method, kind: 'dequeue', extra };
      while (src) src = await ctx.runDocument(src, signal, 'announce');
    }
    bridge = ctx.host.bridge(ctx.call, pd.dialer);
    pd.resolve(bridge);
  } catch (e) {
    pd.reject(e);
    await notify(e instanceof CallEnded ? 'hangup' : 'error').catch(() => undefined);
    throw e;
  }
  try {
    await untilAborted(bridge.ended, signal);
  } catch (e) {
    bridge.end(ctx.call.sid);
    await notify('bridged').catch(() => undefined);
    throw e;
  }
  return action ? { url: action, method: actionMethod, kind: 'action', extra: actionParams('bridged') } : undefined;
}

export async function holdLoop(
  ctx: VerbContext,
  queue: SandboxQueue,
  enqueuedAt: number,
  waitUrl: string | undefined,
  waitMethod: HttpMethod,
  signal: AbortSignal,
): Promise<never> {
  // waitUrl request parameters (<Enqueue> docs): QueuePosition, QueueSid, QueueTime, AvgQueueTime,
  // CurrentQueueSize, MaxQueueSize. When its TwiML ends, Twilio requests the waitUrl again.
  const waitParams = (): WebhookParams => {
    const now = ctx.host.clock.now();
    return {
      QueuePosition: String(queue.position(ctx.call.sid)),
      QueueSid: queue.sid,
      QueueTime: String(Math.round((now - enqueuedAt) / 1000)),
      AvgQueueTime: String(queue.averageWaitSeconds(now)),
      CurrentQueueSize: String(queue.size),
      MaxQueueSize: String(queue.maxSize),
    };
  };
  for (;;) {
    signal.throwIfAborted();
    if (!waitUrl) {
      ctx.host.log(ctx.call, 'play', { url: DEFAULT_HOLD_MUSIC_URL, hold: true });
      await sleep(ctx.host.clock, ctx.host.timings.holdMusicMs, signal);
      continue;
    }
    const started = ctx.host.clock.now();
    ctx.host.log(ctx.call, 'queue-wait', { position: queue.position(ctx.call.sid), size: queue.size });
    let src: DocSource | undefined = { url: waitUrl, method: waitMethod, kind: 'wait', extra: waitParams() };
    while (src) {
      const next: DocSource | undefined = await ctx.runDocument(src, signal, 'wait');
      // A <Redirect> stays a waitUrl request (with the queue's parameters); a <Gather>'s action is a
      // Gather action, with Digits only (the <Gather> docs' action parameters).
      src = next && 'url' in next && next.kind !== 'action' ? { ...next, kind: 'wait', extra: { ...next.extra, ...waitParams() } } : next;
    }
    // A wait document that takes no time would spin; Twilio's hold loop always plays something.
    if (ctx.host.clock.now() === started) await sleep(ctx.host.clock, 1000, signal);
  }
}
export const enqueueVerb: VerbHandler = (ctx, verb, docUrl, signal) => enqueue(ctx, verb, docUrl, signal);
