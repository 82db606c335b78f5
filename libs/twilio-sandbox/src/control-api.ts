import type { IncomingMessage, ServerResponse } from 'node:http';
import { callerPageHtml } from './caller-page';
import { VirtualClock } from './clock';
import { first, readParams, sendJson, sendText } from './http-util';
import type { ControlApiHost, SandboxError } from './sandbox-api';
import { DELIVERY_ERRORS, MessageFate } from './messaging';

/**
 * Control API for tests, load generation and the caller page (not a Twilio API):
 *   GET  /sandbox                          caller page
 *   POST /sandbox/calls {from,to,digits?}  → {callSid}
 *   GET  /sandbox/calls                    → {calls:[{sid,from,to,status,...}]}
 *   GET  /sandbox/calls/:sid               → call state + event log
 *   POST /sandbox/calls/:sid/digits {digits}
 *   POST /sandbox/calls/:sid/hangup
 *   GET  /sandbox/webhooks?callSid=        → webhook deliveries
 *   POST /sandbox/webhooks/:id/replay      → re-send a webhook as a Twilio retry would
 *   POST /sandbox/status-callbacks/mode {mode: hold|immediate}
 *   POST /sandbox/status-callbacks/deliver {order?: [ids]}
 *   POST /sandbox/clock/advance {ms}       (VirtualClock only)
 *   GET  /sandbox/devices                  → registered identities
 *   GET  /sandbox/messages?to=             → the message log (sent and received), oldest first
 *   POST /sandbox/messages/fail-next {outcome: failed|undelivered|rejected, errorCode, count?}
 *   POST /sandbox/messages/inbound {from,to,body} → a customer's reply (the incoming-message webhook)
 */
export async function handleControlApi(sb: ControlApiHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const parts = url.pathname.split('/').filter(Boolean); // ['sandbox', ...]
  const method = (req.method ?? 'GET').toUpperCase();
  const params = method === 'POST' ? await readParams(req) : {};
  const fail = (status: number, message: string, code = 0) => sendJson(res, status, { error: message, code });
  try {
    if (parts.length === 1 && method === 'GET') return sendText(res, 200, 'text/html; charset=utf-8', callerPageHtml());
    if (parts[1] === 'calls') {
      if (parts.length === 2 && method === 'POST') {
        const from = first(params.from) ?? first(params.From);
        const to = first(params.to) ?? first(params.To);
        if (!from || !to) return fail(400, 'from and to are required');
        const callSid = sb.placeCall({ from, to, digits: first(params.digits) });
        return sendJson(res, 201, { callSid });
      }
      if (parts.length === 2 && method === 'GET') {
        const calls = sb
          .listCalls()
          .map((c) => ({ sid: c.sid, from: c.from, to: c.to, direction: c.direction, status: c.status, parentCallSid: c.parentCallSid ?? null }));
        return sendJson(res, 200, { calls });
      }
      const sid = parts[2];
      if (parts.length === 3 && method === 'GET') {
        const call = sb.getCall(sid);
        return call ? sendJson(res, 200, call) : fail(404, `no call ${sid}`, 20404);
      }
      if (parts.length === 4 && method === 'POST' && parts[3] === 'digits') {
        const digits = first(params.digits) ?? first(params.Digits) ?? '';
        if (!/^[0-9*#]+$/.test(digits)) return fail(400, 'digits must be 0-9 * #');
        sb.pressDigits(sid, digits);
        return sendJson(res, 200, { ok: true });
      }
      if (parts.length === 4 && method === 'POST' && parts[3] === 'hangup') {
        sb.hangup(sid);
        return sendJson(res, 200, { ok: true });
      }
    }
    if (parts[1] === 'webhooks') {
      if (parts.length === 2 && method === 'GET') return sendJson(res, 200, { webhooks: sb.webhookDeliveries(url.searchParams.get('callSid') ?? undefined) });
      if (parts.length === 4 && parts[3] === 'replay' && method === 'POST') {
        if (!sb.webhookDeliveries().some((d) => d.id === parts[2])) return fail(404, `no webhook delivery ${parts[2]}`);
        return sendJson(res, 200, await sb.replayWebhook(parts[2]));
      }
    }
    if (parts[1] === 'status-callbacks' && method === 'POST') {
      if (parts[2] === 'mode') {
        const mode = first(params.mode);
        if (mode !== 'hold' && mode !== 'immediate') return fail(400, 'mode must be hold or immediate');
        sb.setStatusCallbackMode(mode);
        return sendJson(res, 200, { mode });
      }
      if (parts[2] === 'deliver') {
        const order = params.order === undefined ? undefined : Array.isArray(params.order) ? params.order : [params.order];
        return sendJson(res, 200, { results: await sb.deliverHeldStatusCallbacks(order) });
      }
    }
    if (parts[1] === 'clock' && parts[2] === 'advance' && method === 'POST') {
      if (!(sb.clock instanceof VirtualClock)) return fail(400, 'the sandbox clock is not virtual');
      const ms = Number(first(params.ms) ?? 0);
      // Not awaited in full: advancing waits for this request to finish, which would deadlock.
      void sb.clock.advance(ms);
      return sendJson(res, 202, { advancing: ms });
    }
    if (parts[1] === 'messages') {
      if (parts.length === 2 && method === 'GET') {
        const to = url.searchParams.get('to');
        return sendJson(res, 200, { messages: sb.messaging.messages.filter((m) => !to || m.to === to) });
      }
      if (parts[2] === 'fail-next' && method === 'POST') {
        const fate = messageFate(first(params.outcome), Number(first(params.errorCode)));
        if (!fate) return fail(400, 'outcome must be failed or undelivered with a 3000x delivery error code, or rejected with a 21xxx code');
        sb.messaging.failNext(fate, Math.max(1, Number(first(params.count) ?? 1) || 1));
        return sendJson(res, 200, { scripted: fate });
      }
      if (parts[2] === 'inbound' && method === 'POST') {
        const from = first(params.from);
        const to = first(params.to);
        const body = first(params.body);
        if (!from || !to || body === undefined) return fail(400, 'from, to and body are required');
        const message = await sb.messaging.receive(from, to, body);
        return sendJson(res, 201, { messageSid: message.sid });
      }
    }
    if (parts[1] === 'devices' && method === 'GET') return sendJson(res, 200, { identities: sb.devices.registeredIdentities() });
    return fail(404, `no route ${method} ${url.pathname}`);
  } catch (e) {
    const err = e as SandboxError;
    if (typeof err.status === 'number') return fail(err.status, err.message, err.code);
    throw e;
  }
}

function messageFate(outcome: string | undefined, code: number): MessageFate | undefined {
  if ((outcome === 'failed' || outcome === 'undelivered') && code in DELIVERY_ERRORS) return { outcome, errorCode: code as keyof typeof DELIVERY_ERRORS };
  if (outcome === 'rejected' && [21211, 21408, 21602, 21603, 21604, 21610, 21614].includes(code)) return { outcome, errorCode: code as 21610 };
  return undefined;
}
