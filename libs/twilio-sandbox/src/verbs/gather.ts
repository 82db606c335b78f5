import { Interrupted, SandboxClock } from '../clock';
import { DocSource, int, linked, method, untilAborted } from '../execution';
import { TwimlNode } from '../twiml';
import { pause } from './pause';
import { play } from './play';
import { say } from './say';
import { VerbContext, VerbHandler } from './verb';

export async function gather(ctx: VerbContext, verb: TwimlNode, docUrl: string | undefined, signal: AbortSignal): Promise<DocSource | undefined> {
  ctx.host.answer(ctx.call);
  // <Gather> docs: timeout 5 s, finishOnKey "#", numDigits unlimited, action = current document URL, method POST.
  const timeoutMs = int(verb.attrs.timeout, 5) * 1000;
  const finishOnKey = verb.attrs.finishOnKey ?? '#';
  const numDigits = verb.attrs.numDigits ? int(verb.attrs.numDigits, Infinity) : Infinity;
  const action = ctx.resolveUrl(verb.attrs.action ?? docUrl ?? '', docUrl);
  const bargeIn = verb.attrs.bargeIn !== 'false';
  const input = verb.attrs.input ?? 'dtmf';
  ctx.host.log(ctx.call, 'gather', { numDigits: Number.isFinite(numDigits) ? numDigits : null, timeout: timeoutMs / 1000, finishOnKey, input });
  if (!input.includes('dtmf')) ctx.host.log(ctx.call, 'warning', { message: 'speech input is not emulated; only DTMF' });

  let digits = '';
  let timer: ReturnType<SandboxClock['setTimeout']> | undefined;
  let finish!: (how: 'digits' | 'key' | 'timeout') => void;
  const finished = new Promise<'digits' | 'key' | 'timeout'>((r) => (finish = r));
  let over = false;
  const end = (how: 'digits' | 'key' | 'timeout') => {
    if (over) return;
    over = true;
    if (timer) ctx.host.clock.clearTimeout(timer);
    finish(how);
  };
  const armTimeout = () => {
    if (timer) ctx.host.clock.clearTimeout(timer);
    timer = ctx.host.clock.setTimeout(() => end('timeout'), timeoutMs);
  };
  const promptAbort = new AbortController();
  ctx.listener = {
    onDigit: (d) => {
      if (over) return;
      if (bargeIn) promptAbort.abort('barge-in');
      if (finishOnKey && finishOnKey.includes(d)) return end('key');
      digits += d;
      if (digits.length >= numDigits) return end('digits');
      armTimeout(); // the timeout also applies between digits
    },
  };
  try {
    const { ac, unlink } = linked(signal);
    promptAbort.signal.addEventListener('abort', () => ac.abort(new Interrupted('barge-in')), { once: true });
    try {
      for (const child of verb.children) {
        if (over || digits) break;
        if (child.name === 'Say') await say(ctx, child, ac.signal);
        else if (child.name === 'Play') await play(ctx, child, ac.signal);
        else if (child.name === 'Pause') await pause(ctx, child, ac.signal);
        else ctx.host.log(ctx.call, 'warning', { message: `<${child.name}> inside <Gather> skipped` });
      }
    } catch (e) {
      if (!(e instanceof Interrupted)) throw e;
    } finally {
      unlink();
    }
    signal.throwIfAborted();
    if (!over && !digits) {
      armTimeout();
      // The scripted caller answers once the prompts are over.
      const scripted = ctx.call.scriptedInputs.shift();
      if (scripted !== undefined) ctx.pressDigits(scripted);
    }
    const how = await untilAborted(finished, signal);
    ctx.host.log(ctx.call, 'gather-end', { digits, how });
    if (!digits && verb.attrs.actionOnEmptyResult !== 'true') return undefined; // no input: next verb
    return { url: action, method: method(verb.attrs.method), kind: 'action', extra: { Digits: digits } };
  } finally {
    if (timer) ctx.host.clock.clearTimeout(timer);
    ctx.listener = undefined;
  }
}
export const gatherVerb: VerbHandler = (ctx, verb, docUrl, signal) => gather(ctx, verb, docUrl, signal);
