import { CallEnded } from '../execution';
import { VerbHandler } from './verb';

export const rejectVerb: VerbHandler = (ctx, verb) => {
  // <Reject> docs: only before the call is answered; reason "rejected" (default) or "busy".
  const reason = verb.attrs.reason === 'busy' ? 'busy' : 'rejected';
  if (ctx.call.status !== 'ringing' && ctx.call.status !== 'queued') {
    ctx.host.log(ctx.call, 'warning', { message: '<Reject> after the call was answered; hanging up' });
    ctx.host.endCall(ctx.call, 'completed');
    throw new CallEnded();
  }
  ctx.host.log(ctx.call, 'reject', { reason });
  ctx.host.endCall(ctx.call, reason === 'busy' ? 'busy' : 'no-answer');
  throw new CallEnded();
};
