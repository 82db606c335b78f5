/**
 * Runtime invariant checks over an engine's state — used by the property tests and handy for a
 * host's debug endpoint. Returns human-readable violations (empty = fine). O(calls × agents).
 */
import type { AcdEngine } from './engine';

export function checkInvariants(engine: AcdEngine): string[] {
  const errors: string[] = [];
  const holders = new Map<string, string>();
  for (const c of engine.calls()) {
    if (c.status === 'offered') {
      if (c.offeredTo.length === 0) errors.push(`call ${c.id} offered to nobody`);
      for (const id of c.offeredTo) {
        if (holders.has(id)) errors.push(`agent ${id} offered ${holders.get(id)} and ${c.id}`);
        holders.set(id, c.id);
        const a = engine.getAgent(id);
        if (!a || a.state !== 'reserved' || a.offerCallId !== c.id) errors.push(`call ${c.id} rings ${id} who is ${a?.state}`);
      }
    }
    if (c.status === 'connected' && c.agentId) {
      const a = engine.getAgent(c.agentId);
      if (!a || a.callId !== c.id || (a.state !== 'on-call' && a.state !== 'wrap-up'))
        errors.push(`call ${c.id} connected to ${c.agentId} who is ${a?.state}/${a?.callId}`);
    }
    if (c.status === 'ended') errors.push(`ended call ${c.id} still stored`);
    // A targeted call rings its agent only, and waits in that agent's list only.
    if (c.targetAgentId !== undefined) {
      if (c.status === 'offered' && (c.offeredTo.length !== 1 || c.offeredTo[0] !== c.targetAgentId))
        errors.push(`call ${c.id} for ${c.targetAgentId} rings ${c.offeredTo.join(',')}`);
      if (c.status === 'waiting' && !engine.waitingFor(c.targetAgentId).includes(c)) errors.push(`call ${c.id} for ${c.targetAgentId} not in their list`);
      if (c.excluded?.includes(c.targetAgentId)) errors.push(`call ${c.id} still kept for ${c.targetAgentId}, who refused it`);
    }
  }
  for (const a of engine.agents()) {
    if (a.offerCallId && a.callId) errors.push(`agent ${a.id} holds an offer and a call`);
    if ((a.state === 'reserved') !== !!a.offerCallId) errors.push(`agent ${a.id} ${a.state} with offer ${a.offerCallId}`);
    if (a.state === 'on-call' && !a.callId) errors.push(`agent ${a.id} on-call without a call`);
    if ((a.state === 'ready' || a.state === 'offline' || a.state === 'not-ready') && a.callId)
      errors.push(`agent ${a.id} ${a.state} still holds call ${a.callId}`);
    if (a.state === 'reserved' && !holders.has(a.id)) errors.push(`agent ${a.id} reserved for a call not ringing him`);
    const mine = engine.waitingFor(a.id);
    if (mine.length > 0 && (a.state === 'ready' || a.state === 'offline')) errors.push(`call ${mine[0].id} waits for ${a.id} who is ${a.state}`);
    for (let i = 0; i < mine.length; i++) {
      const c = mine[i];
      if (c.status !== 'waiting' || c.targetAgentId !== a.id) errors.push(`call ${c.id} in ${a.id}'s list as ${c.status} for ${c.targetAgentId}`);
      if (i > 0 && !(mine[i - 1].priority > c.priority || (mine[i - 1].priority === c.priority && mine[i - 1].seq < c.seq)))
        errors.push(`calls for ${a.id} out of order at ${i}`);
    }
  }
  for (const qid of engine.queueIds()) {
    const w = engine.waitingCalls(qid);
    for (let i = 1; i < w.length; i++) {
      const x = w[i - 1];
      const y = w[i];
      if (!(x.priority > y.priority || (x.priority === y.priority && x.seq < y.seq))) errors.push(`queue ${qid} out of order at ${i}`);
    }
    // Work conservation: no waiting call while an eligible agent is ready.
    for (const c of w) {
      if (c.status !== 'waiting') errors.push(`call ${c.id} in waiting list as ${c.status}`);
      if (c.targetAgentId !== undefined) errors.push(`call ${c.id} for ${c.targetAgentId} in the open list of ${qid}`);
      for (const a of engine.agents()) if (a.state === 'ready' && engine.isEligible(a.id, c.id)) errors.push(`call ${c.id} waits while ${a.id} is ready`);
    }
  }
  return errors;
}
