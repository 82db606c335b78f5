import { QueueExit } from '../execution';
import { VerbHandler } from './verb';

export const leaveVerb: VerbHandler = (ctx, _verb, _docUrl, _signal, mode) => {
  if (mode === 'wait') throw new QueueExit('leave');
  ctx.host.log(ctx.call, 'warning', { message: '<Leave> outside a queue wait; ignored' });
  return undefined;
};
