import { Interrupted, sleep } from '../clock';
import { CallEnded, DocSource, int, linked, method, untilAborted } from '../execution';
import { WebhookParams } from '../signature';
import { TwimlNode } from '../twiml';
import { VerbContext, VerbHandler } from './verb';

export async function record(ctx: VerbContext, verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
  ctx.host.answer(ctx.call);
  // <Record> docs: timeout 5 s of silence, maxLength 3600 s, finishOnKey "1234567890*#", playBeep true,
  // action defaults to the current document URL.
  const timeoutMs = int(verb.attrs.timeout, 5) * 1000;
  const maxLengthMs = int(verb.attrs.maxLength, 3600) * 1000;
  const finishOnKey = verb.attrs.finishOnKey ?? '1234567890*#';
  const action = ctx.resolveUrl(verb.attrs.action ?? docUrl ?? '', docUrl);
  const speechMs = ctx.call.recordSpeechMs ?? ctx.host.timings.callerSpeechMs;
  if (verb.attrs.playBeep !== 'false') ctx.host.log(ctx.call, 'play', { beep: true });
  ctx.host.log(ctx.call, 'record', { maxLength: maxLengthMs / 1000, timeout: timeoutMs / 1000, finishOnKey });
  const started = ctx.host.clock.now();
  let key = '';
  let end!: () => void;
  const keyPressed = new Promise<void>((r) => (end = r));
  ctx.listener = {
    onDigit: (d) => {
      if (!key && finishOnKey.includes(d)) {
        key = d;
        end();
      }
    },
  };
  let hungUp = false;
  const { ac, unlink } = linked(signal);
  try {
    const silenceEnds = Math.min(speechMs + timeoutMs, maxLengthMs);
    await Promise.race([sleep(ctx.host.clock, silenceEnds, ac.signal), untilAborted(keyPressed, ac.signal)]);
  } catch (e) {
    if (!(e instanceof CallEnded)) throw e;
    hungUp = true;
  } finally {
    ac.abort(new Interrupted('record-done'));
    unlink();
    ctx.listener = undefined;
  }
  const elapsed = ctx.host.clock.now() - started;
  // trim-silence (default) drops the trailing silence that ended the recording.
  const durationMs = Math.min(elapsed, speechMs, maxLengthMs);
  const recordingSid = ctx.host.newSid('RE');
  const extra: WebhookParams = {
    RecordingUrl: ctx.host.recordingUrl(ctx.call, recordingSid),
    RecordingSid: recordingSid,
    RecordingDuration: String(Math.round(durationMs / 1000)),
  };
  if (key) extra.Digits = key;
  if (hungUp) extra.Digits = 'hangup';
  ctx.host.log(ctx.call, 'record-end', { duration: Math.round(durationMs / 1000), digits: extra.Digits ?? null });
  const source: DocSource = { url: action, method: method(verb.attrs.method), kind: 'action', extra };
  if (hungUp) {
    // After a hangup Twilio still requests the action URL; the TwiML returned is ignored.
    await ctx.host.request(ctx.call, 'action', source.url, source.method, extra);
    throw new CallEnded();
  }
  return source;
}
export const recordVerb: VerbHandler = (ctx, verb, docUrl, signal) => record(ctx, verb, docUrl, signal);
