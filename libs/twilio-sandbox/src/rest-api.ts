import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxCall } from './call';
import { formatNumber, rfc2822 } from './format';
import { all, authorized, first, readParams, sendJson } from './http-util';
import { SandboxQueue } from './queue';
import type { ConferenceParticipant, ConnectingParticipant, SandboxConference } from './conference';
import { ConferenceRuleError } from './conference-hub';
import type { RestApiHost, SandboxError } from './sandbox-api';
import type { HttpMethod } from './webhooks';

const API = '/2010-04-01';

/** Twilio's REST error body: `{code, message, more_info, status}` (REST API docs, "Errors"). */
function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

const notFound = (res: ServerResponse, path: string) => sendError(res, 404, 20404, `The requested resource ${path} was not found`);

const httpMethod = (v: string | undefined): HttpMethod => (v?.toUpperCase() === 'GET' ? 'GET' : 'POST');

/** Call resource JSON, snake_case with RFC 2822 dates (Call resource docs). */
export function callJson(sb: RestApiHost, c: SandboxCall): Record<string, unknown> {
  const uri = `${API}/Accounts/${c.accountSid}/Calls/${c.sid}.json`;
  const sub = `${API}/Accounts/${c.accountSid}/Calls/${c.sid}`;
  return {
    sid: c.sid,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    parent_call_sid: c.parentCallSid ?? null,
    account_sid: c.accountSid,
    to: c.to,
    to_formatted: formatNumber(c.to),
    from: c.from,
    from_formatted: formatNumber(c.from),
    phone_number_sid: c.phoneNumberSid ?? null,
    status: c.status,
    start_time: rfc2822(c.startTime),
    end_time: rfc2822(c.endTime),
    duration: c.ended ? String(c.durationSeconds) : null,
    price: null,
    price_unit: 'USD',
    direction: c.direction,
    answered_by: c.answeredBy ?? null,
    annotation: null,
    api_version: '2010-04-01',
    forwarded_from: c.forwardedFrom ?? null,
    group_sid: null,
    caller_name: c.callerName ?? null,
    queue_time: '0',
    trunk_sid: c.trunkSid ?? null,
    uri,
    subresource_uris: {
      notifications: `${sub}/Notifications.json`,
      recordings: `${sub}/Recordings.json`,
      payments: `${sub}/Payments.json`,
      events: `${sub}/Events.json`,
      siprec: `${sub}/Siprec.json`,
      streams: `${sub}/Streams.json`,
      transcriptions: `${sub}/Transcriptions.json`,
      user_defined_message_subscriptions: `${sub}/UserDefinedMessageSubscriptions.json`,
      user_defined_messages: `${sub}/UserDefinedMessages.json`,
    },
  };
}

export function queueJson(sb: RestApiHost, q: SandboxQueue): Record<string, unknown> {
  const uri = `${API}/Accounts/${sb.accountSid}/Queues/${q.sid}.json`;
  return {
    account_sid: sb.accountSid,
    average_wait_time: q.averageWaitSeconds(sb.clock.now()),
    current_size: q.size,
    date_created: rfc2822(q.dateCreated),
    date_updated: rfc2822(q.dateUpdated),
    friendly_name: q.friendlyName,
    max_size: q.maxSize,
    sid: q.sid,
    uri,
    subresource_uris: { members: `${API}/Accounts/${sb.accountSid}/Queues/${q.sid}/Members.json` },
  };
}

function memberJson(sb: RestApiHost, q: SandboxQueue, callSid: string): Record<string, unknown> {
  const m = q.member(callSid)!;
  return {
    call_sid: callSid,
    date_enqueued: rfc2822(m.enqueuedAt),
    position: q.position(callSid),
    uri: `${API}/Accounts/${sb.accountSid}/Queues/${q.sid}/Members/${callSid}.json`,
    wait_time: Math.round((sb.clock.now() - m.enqueuedAt) / 1000),
    queue_sid: q.sid,
  };
}

/** List envelope with Twilio's paging fields; `key` is the record array name (calls, queues, queue_members). */
function page(path: string, query: URLSearchParams, key: string, items: unknown[]): Record<string, unknown> {
  const pageSize = Math.min(Math.max(parseInt(query.get('PageSize') ?? '50', 10) || 50, 1), 1000);
  const pageNo = Math.max(parseInt(query.get('Page') ?? '0', 10) || 0, 0);
  const start = pageNo * pageSize;
  const slice = items.slice(start, start + pageSize);
  const link = (p: number) => `${path}?PageSize=${pageSize}&Page=${p}`;
  return {
    [key]: slice,
    end: start + Math.max(slice.length - 1, 0),
    first_page_uri: link(0),
    next_page_uri: start + pageSize < items.length ? link(pageNo + 1) : null,
    page: pageNo,
    page_size: pageSize,
    previous_page_uri: pageNo > 0 ? link(pageNo - 1) : null,
    start,
    uri: `${path}?${query.toString()}`,
  };
}

/**
 * Twilio REST API 2010-04-01, the subset the app uses: Calls create/fetch/list/update, Queues
 * create/fetch/list/update/delete, Queue Members list/fetch/update (dequeue to a URL).
 */
export async function handleRestApi(sb: RestApiHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const path = url.pathname;
  if (!authorized(sb, req)) return sendError(res, 401, 20003, 'Authenticate');
  const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(.+?)(\.json)?$/.exec(path);
  if (!m || m[1] !== sb.accountSid) return notFound(res, path);
  const rest = m[2].split('/');
  const method = (req.method ?? 'GET').toUpperCase();
  const params = method === 'POST' ? await readParams(req) : {};
  const base = `${API}/Accounts/${sb.accountSid}`;
  try {
    // /Calls
    if (rest[0] === 'Calls' && rest.length === 1) {
      if (method === 'POST') {
        const call = sb.createCall({
          to: first(params.To) ?? '',
          from: first(params.From) ?? '',
          url: first(params.Url),
          method: httpMethod(first(params.Method)),
          twiml: first(params.Twiml),
          fallbackUrl: first(params.FallbackUrl),
          fallbackMethod: httpMethod(first(params.FallbackMethod)),
          statusCallback: first(params.StatusCallback),
          statusCallbackMethod: httpMethod(first(params.StatusCallbackMethod)),
          statusCallbackEvent: all(params.StatusCallbackEvent)
            .flatMap((e) => e.split(/[\s,]+/))
            .filter(Boolean),
          timeout: first(params.Timeout) ? parseInt(first(params.Timeout)!, 10) : undefined,
          byoc: first(params.Byoc),
        });
        return sendJson(res, 201, callJson(sb, call));
      }
      if (method === 'GET') {
        const q = url.searchParams;
        const calls = sb
          .listCalls()
          .filter((c) => (!q.get('To') || c.to === q.get('To')) && (!q.get('From') || c.from === q.get('From')))
          .filter((c) => (!q.get('Status') || c.status === q.get('Status')) && (!q.get('ParentCallSid') || c.parentCallSid === q.get('ParentCallSid')))
          .sort((a, b) => b.dateCreated - a.dateCreated) // newest first, as Twilio lists calls
          .map((c) => callJson(sb, c));
        return sendJson(res, 200, page(`${base}/Calls.json`, q, 'calls', calls));
      }
    }
    // /Calls/{sid}
    if (rest[0] === 'Calls' && rest.length === 2) {
      const call = sb.callRecord(rest[1]);
      if (!call) return notFound(res, path);
      if (method === 'GET') return sendJson(res, 200, callJson(sb, call));
      if (method === 'POST') {
        const status = first(params.Status);
        const twiml = first(params.Twiml);
        const u = first(params.Url);
        if (status === 'completed' || status === 'canceled') sb.completeCall(call.sid, status);
        else if (twiml || u) sb.redirectCall(call.sid, twiml ? { twiml } : { url: u!, method: httpMethod(first(params.Method)), kind: 'redirect' });
        return sendJson(res, 200, callJson(sb, call));
      }
    }
    // /Queues
    if (rest[0] === 'Queues' && rest.length === 1) {
      if (method === 'POST') {
        const name = first(params.FriendlyName);
        if (!name) return sendError(res, 400, 21201, 'Missing required parameter FriendlyName in the post body');
        const q = sb.createQueue(name, params.MaxSize ? parseInt(first(params.MaxSize)!, 10) : undefined);
        return sendJson(res, 201, queueJson(sb, q));
      }
      if (method === 'GET') {
        return sendJson(
          res,
          200,
          page(
            `${base}/Queues.json`,
            url.searchParams,
            'queues',
            sb.listQueues().map((q) => queueJson(sb, q)),
          ),
        );
      }
    }
    const queue = rest[0] === 'Queues' && rest[1] ? sb.queueBySid(rest[1]) : undefined;
    if (rest[0] === 'Queues' && rest.length === 2) {
      if (!queue) return notFound(res, path);
      if (method === 'GET') return sendJson(res, 200, queueJson(sb, queue));
      if (method === 'POST') {
        if (params.FriendlyName) queue.friendlyName = first(params.FriendlyName)!;
        if (params.MaxSize) queue.maxSize = parseInt(first(params.MaxSize)!, 10);
        queue.dateUpdated = sb.clock.now();
        return sendJson(res, 200, queueJson(sb, queue));
      }
      if (method === 'DELETE') {
        sb.deleteQueue(queue.sid);
        res.writeHead(204).end();
        return;
      }
    }
    if (rest[0] === 'Queues' && rest[2] === 'Members') {
      if (!queue) return notFound(res, path);
      if (rest.length === 3 && method === 'GET') {
        return sendJson(
          res,
          200,
          page(
            `${base}/Queues/${queue.sid}/Members.json`,
            url.searchParams,
            'queue_members',
            queue.members.map((mm) => memberJson(sb, queue, mm.callSid)),
          ),
        );
      }
      if (rest.length === 4) {
        // Member resource docs: "Front" addresses the member at the head of the queue.
        const callSid = rest[3] === 'Front' ? queue.members[0]?.callSid : rest[3];
        if (!callSid || !queue.member(callSid)) return notFound(res, path);
        if (method === 'GET') return sendJson(res, 200, memberJson(sb, queue, callSid));
        if (method === 'POST') {
          const target = first(params.Url);
          if (!target) return sendError(res, 400, 21205, 'Url parameter is required.');
          const body = memberJson(sb, queue, callSid);
          sb.redirectCall(callSid, { url: target, method: httpMethod(first(params.Method)), kind: 'redirect' });
          return sendJson(res, 200, body);
        }
      }
    }
    // /Conferences, /Conferences/{Sid}, /Conferences/{Sid}/Participants[/{CallSid or label}]
    if (rest[0] === 'Conferences') return handleConferences(sb, rest, method, params, url.searchParams, base, res, path);
    return notFound(res, path);
  } catch (e) {
    const err = e as SandboxError;
    if (typeof err.status === 'number' && typeof err.code === 'number') return sendError(res, err.status, err.code, err.message);
    if (e instanceof ConferenceRuleError) return sendError(res, e.status, e.code, e.message);
    throw e;
  }
}

const bool = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v.toLowerCase() === 'true');

/** Conference resource JSON (https://www.twilio.com/docs/voice/api/conference-resource). */
export function conferenceJson(sb: RestApiHost, c: SandboxConference): Record<string, unknown> {
  const uri = `${API}/Accounts/${sb.accountSid}/Conferences/${c.sid}.json`;
  return {
    account_sid: c.accountSid,
    api_version: '2010-04-01',
    call_sid_ending_conference: c.callSidEndingConference ?? null,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    friendly_name: c.friendlyName,
    reason_conference_ended: c.reasonEnded ?? null,
    region: 'us1',
    sid: c.sid,
    status: c.status,
    subresource_uris: { participants: uri.replace('.json', '/Participants.json'), recordings: uri.replace('.json', '/Recordings.json') },
    uri,
  };
}

/** Participant resource JSON (https://www.twilio.com/docs/voice/api/conference-participant-resource). */
function participantJson(sb: RestApiHost, c: SandboxConference, p: ConferenceParticipant): Record<string, unknown> {
  return {
    account_sid: c.accountSid,
    call_sid: p.callSid,
    call_sid_to_coach: p.callSidToCoach ?? null,
    coaching: p.coaching,
    conference_sid: c.sid,
    date_created: rfc2822(p.joinedAt),
    date_updated: rfc2822(p.updatedAt),
    end_conference_on_exit: p.endConferenceOnExit,
    hold: p.hold,
    label: p.label ?? null,
    muted: p.muted,
    queue_time: null,
    start_conference_on_enter: p.startConferenceOnEnter,
    status: 'connected',
    uri: `${API}/Accounts/${sb.accountSid}/Conferences/${c.sid}/Participants/${p.callSid}.json`,
  };
}

/** A participant still being called: its resource as Twilio lists it before it joins (status queued, ringing or connecting). */
function connectingJson(sb: RestApiHost, c: SandboxConference, p: ConnectingParticipant): Record<string, unknown> {
  const callStatus = sb.callRecord(p.callSid)?.status;
  return {
    account_sid: c.accountSid,
    call_sid: p.callSid,
    call_sid_to_coach: p.changes.callSidToCoach ?? null,
    coaching: p.changes.coaching ?? false,
    conference_sid: c.sid,
    date_created: rfc2822(p.createdAt),
    date_updated: rfc2822(p.createdAt),
    end_conference_on_exit: p.changes.endConferenceOnExit ?? false,
    hold: p.changes.hold ?? false,
    label: p.label ?? null,
    muted: p.changes.muted ?? false,
    queue_time: null,
    start_conference_on_enter: true,
    status: callStatus === 'queued' ? 'queued' : callStatus === 'ringing' ? 'ringing' : 'connecting',
    uri: `${API}/Accounts/${sb.accountSid}/Conferences/${c.sid}/Participants/${p.callSid}.json`,
  };
}

function handleConferences(
  sb: RestApiHost,
  rest: string[],
  method: string,
  params: Record<string, string | string[]>,
  query: URLSearchParams,
  base: string,
  res: ServerResponse,
  path: string,
): void {
  if (rest.length === 1 && method === 'GET') {
    const items = sb.conferences
      .list()
      .filter((c) => (!query.get('FriendlyName') || c.friendlyName === query.get('FriendlyName')) && (!query.get('Status') || c.status === query.get('Status')))
      .sort((a, b) => b.dateCreated - a.dateCreated)
      .map((c) => conferenceJson(sb, c));
    return sendJson(res, 200, page(`${base}/Conferences.json`, query, 'conferences', items));
  }
  const sidOrName = decodeURIComponent(rest[1] ?? '');
  // Participants create may name the conference instead of its SID (it is created on the first join).
  if (rest.length === 3 && rest[2] === 'Participants' && method === 'POST') {
    const to = first(params.To);
    const from = first(params.From);
    if (!to) return sendError(res, 400, 21201, 'Missing required parameter To in the post body');
    if (!from) return sendError(res, 400, 21213, 'Missing required parameter From in the post body');
    const events = (v: string | string[] | undefined) =>
      all(v)
        .flatMap((e) => e.split(/[\s,]+/))
        .filter(Boolean);
    const call = sb.addParticipant(sidOrName, {
      to,
      from,
      label: first(params.Label),
      muted: bool(first(params.Muted)),
      beep: first(params.Beep),
      startConferenceOnEnter: bool(first(params.StartConferenceOnEnter)),
      endConferenceOnExit: bool(first(params.EndConferenceOnExit)),
      coaching: bool(first(params.Coaching)),
      callSidToCoach: first(params.CallSidToCoach),
      timeout: first(params.Timeout) ? parseInt(first(params.Timeout)!, 10) : undefined,
      byoc: first(params.Byoc),
      statusCallback: first(params.StatusCallback),
      statusCallbackMethod: httpMethod(first(params.StatusCallbackMethod)),
      statusCallbackEvent: events(params.StatusCallbackEvent),
      conferenceStatusCallback: first(params.ConferenceStatusCallback),
      conferenceStatusCallbackMethod: first(params.ConferenceStatusCallbackMethod),
      conferenceStatusCallbackEvent: events(params.ConferenceStatusCallbackEvent),
    });
    const conference = sb.conferences.bySid(sidOrName) ?? sb.conferences.live(sidOrName);
    // The participant's call is still being placed: its resource says so (status queued).
    return sendJson(res, 201, {
      account_sid: sb.accountSid,
      call_sid: call.sid,
      call_sid_to_coach: first(params.CallSidToCoach) ?? null,
      coaching: bool(first(params.Coaching)) ?? false,
      conference_sid: conference?.sid ?? null,
      date_created: rfc2822(call.dateCreated),
      date_updated: rfc2822(call.dateCreated),
      end_conference_on_exit: bool(first(params.EndConferenceOnExit)) ?? false,
      hold: false,
      label: first(params.Label) ?? null,
      muted: bool(first(params.Muted)) ?? false,
      queue_time: null,
      start_conference_on_enter: bool(first(params.StartConferenceOnEnter)) ?? true,
      status: 'queued',
      uri: `${API}/Accounts/${sb.accountSid}/Conferences/${conference?.sid ?? sidOrName}/Participants/${call.sid}.json`,
    });
  }
  const conference = sb.conferences.bySid(sidOrName);
  if (!conference) return notFound(res, path);
  if (rest.length === 2) {
    if (method === 'GET') return sendJson(res, 200, conferenceJson(sb, conference));
    if (method === 'POST') {
      // Conference update docs: Status "completed" ends the conference and disconnects every participant.
      if (first(params.Status) === 'completed') sb.conferences.end(conference, 'conference-ended-via-api');
      return sendJson(res, 200, conferenceJson(sb, conference));
    }
  }
  if (rest[2] !== 'Participants') return notFound(res, path);
  if (rest.length === 3 && method === 'GET') {
    const items = [...conference.participants.values()]
      .filter(
        (p) =>
          (!query.get('Muted') || String(p.muted) === query.get('Muted')) &&
          (!query.get('Hold') || String(p.hold) === query.get('Hold')) &&
          (!query.get('Coaching') || String(p.coaching) === query.get('Coaching')),
      )
      .map((p) => participantJson(sb, conference, p));
    const filtered = query.get('Muted') || query.get('Hold') || query.get('Coaching');
    const connecting = filtered ? [] : [...conference.connecting.values()].map((p) => connectingJson(sb, conference, p));
    return sendJson(res, 200, page(`${base}/Conferences/${conference.sid}/Participants.json`, query, 'participants', [...items, ...connecting]));
  }
  if (rest.length !== 4) return notFound(res, path);
  const participant = conference.find(decodeURIComponent(rest[3]));
  const connecting = participant ? undefined : conference.findConnecting(decodeURIComponent(rest[3]));
  if (connecting) {
    if (method === 'GET') return sendJson(res, 200, connectingJson(sb, conference, connecting));
    if (method === 'DELETE') {
      // Not yet in the room: its call is stopped.
      sb.completeCall(connecting.callSid, 'canceled');
      res.writeHead(204).end();
      return;
    }
    if (method === 'POST') {
      const changes = {
        muted: bool(first(params.Muted)),
        hold: bool(first(params.Hold)),
        coaching: bool(first(params.Coaching)),
        callSidToCoach: first(params.CallSidToCoach),
        endConferenceOnExit: bool(first(params.EndConferenceOnExit)),
      };
      for (const [key, value] of Object.entries(changes)) if (value !== undefined) Object.assign(connecting.changes, { [key]: value });
      return sendJson(res, 200, connectingJson(sb, conference, connecting));
    }
  }
  if (!participant) return notFound(res, path);
  if (method === 'GET') return sendJson(res, 200, participantJson(sb, conference, participant));
  if (method === 'DELETE') {
    // Participant delete: "Kick a participant from a conference"; its call goes on with the TwiML after its <Dial>.
    sb.conferences.leave(conference, participant.callSid, 'participant_updated_via_api', { kicked: true });
    res.writeHead(204).end();
    return;
  }
  if (method === 'POST') {
    const coaching = bool(first(params.Coaching));
    sb.conferences.update(conference, participant, {
      muted: bool(first(params.Muted)),
      hold: bool(first(params.Hold)),
      coaching,
      callSidToCoach: first(params.CallSidToCoach),
      endConferenceOnExit: bool(first(params.EndConferenceOnExit)),
      holdUrl: first(params.HoldUrl),
      holdMethod: first(params.HoldMethod),
    });
    return sendJson(res, 200, participantJson(sb, conference, participant));
  }
  return notFound(res, path);
}
