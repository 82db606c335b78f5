import { sleep } from '../clock';
import { CJK, int } from '../execution';
import { invalidVoice, voiceLanguage } from '../tts-voices';
import { TwimlNode } from '../twiml';
import { VerbContext, VerbHandler } from './verb';

export async function say(ctx: VerbContext, verb: TwimlNode, signal: AbortSignal): Promise<void> {
  // <Say> docs: voice default "man", language default "en-US", loop default 1, 0 = repeat until the call ends.
  const loop = int(verb.attrs.loop, 1);
  const times = loop <= 0 ? 1000 : loop;
  const text = verb.text;
  const voice = verb.attrs.voice ?? 'man';
  const wrongVoice = invalidVoice(voice, verb.attrs.language);
  if (wrongVoice) {
    ctx.host.log(ctx.call, 'warning', { code: 13511, message: `Say: Invalid voice value: ${wrongVoice}; the <Say> is not spoken`, text });
    return;
  }
  const cjk = (text.match(CJK) ?? []).length;
  const ms = Math.max(500, cjk * ctx.host.timings.sayMsPerCjkChar + (text.length - cjk) * ctx.host.timings.sayMsPerChar);
  for (let i = 0; i < times; i++) {
    ctx.host.log(ctx.call, 'say', { text, language: verb.attrs.language ?? voiceLanguage(voice) ?? 'en-US', voice });
    await sleep(ctx.host.clock, ms, signal);
  }
}
export const sayVerb: VerbHandler = async (ctx, verb, _docUrl, signal) => {
  ctx.host.answer(ctx.call);
  await say(ctx, verb, signal);
  return undefined;
};
