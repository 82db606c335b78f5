import { sleep } from '../clock';
import { int } from '../execution';
import { TwimlNode } from '../twiml';
import { VerbContext, VerbHandler } from './verb';

export async function play(ctx: VerbContext, verb: TwimlNode, signal: AbortSignal): Promise<void> {
  // <Play> docs: loop default 1, 0 = repeat; `digits` plays DTMF tones instead of a URL.
  if (verb.attrs.digits) {
    ctx.host.log(ctx.call, 'play', { digits: verb.attrs.digits });
    await sleep(ctx.host.clock, verb.attrs.digits.length * 500, signal);
    return;
  }
  const loop = int(verb.attrs.loop, 1);
  const times = loop <= 0 ? 1000 : loop;
  for (let i = 0; i < times; i++) {
    ctx.host.log(ctx.call, 'play', { url: verb.text });
    await sleep(ctx.host.clock, ctx.host.timings.playDurationMs(verb.text), signal);
  }
}
export const playVerb: VerbHandler = async (ctx, verb, _docUrl, signal) => {
  ctx.host.answer(ctx.call);
  await play(ctx, verb, signal);
  return undefined;
};
