import { CallEnded } from '../execution';
import { VerbHandler } from './verb';

export const hangupVerb: VerbHandler = (ctx) => {
  ctx.host.log(ctx.call, 'hangup', { by: 'twiml' });
  ctx.host.endCall(ctx.call, 'completed');
  throw new CallEnded();
};
