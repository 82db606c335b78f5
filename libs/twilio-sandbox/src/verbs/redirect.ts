import { method } from '../execution';
import { VerbHandler } from './verb';

/** <Redirect>: fetch the next document; inside a waitUrl it stays a waitUrl request. */
export const redirectVerb: VerbHandler = (ctx, verb, docUrl, _signal, mode) => {
  const url = ctx.resolveUrl(verb.text, docUrl);
  ctx.host.log(ctx.call, 'redirect', { url });
  return { url, method: method(verb.attrs.method), kind: mode === 'wait' ? 'wait' : 'redirect' };
};
