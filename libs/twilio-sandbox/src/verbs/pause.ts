import { sleep } from '../clock';
import { int } from '../execution';
import { TwimlNode } from '../twiml';
import { VerbContext, VerbHandler } from './verb';

export async function pause(ctx: VerbContext, verb: TwimlNode, signal: AbortSignal): Promise<void> {
  const length = int(verb.attrs.length, 1); // <Pause> docs: length default 1 s
  ctx.host.log(ctx.call, 'pause', { length });
  await sleep(ctx.host.clock, length * 1000, signal);
}
export const pauseVerb: VerbHandler = async (ctx, verb, _docUrl, signal) => {
  ctx.host.answer(ctx.call);
  await pause(ctx, verb, signal);
  return undefined;
};
