import { IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { CALL_DISPOSITIONS, CallDisposition } from '../telephony/call-dispositions';
import { DialCallDto, JOB_NUMBER, QUEUE_CODE, TransferTargetField } from '../telephony/calls/dtos/calls.dto';
import { NOT_READY_REASONS } from '../routing/dtos/routing.dto';
import type { QualityAlertPush } from '../quality/alerts/quality-alert-view';
import type { CustomerHistoryView } from '../customers/dtos/customer.dto';
import type { SalesOrderDto } from '../orders/lookup/dtos/sales-order-view.dto';
import { Optional } from '../http/validation';
import type { WallboardEvent } from './wallboard-event';
import type { AgentStateEvent, CallEvent, OfferEvent, SnapshotEvent } from './softphone-event';

export type { WallboardAgent, WallboardEvent, WallboardQueue } from './wallboard-event';
export type { AgentCounters, AgentStateEvent, CallEvent, OfferEvent, SnapshotEvent } from './softphone-event';

export interface SoftphoneError {
  /** The command that failed, or `connection`. */
  command: string;
  code: 'unauthorized' | 'forbidden' | 'invalid' | 'conflict' | 'not-found' | 'internal';
  message: string;
}

/**
 * The screen pop (来电弹屏) for the agent's call: the customer's history as GET /customers/by-phone
 * gives it (earlier calls without this one). Pushed when the call connects and again when a work
 * order is created from it.
 */
export interface ScreenPopEvent extends CustomerHistoryView {
  callSid: string;
  /** The caller's newest sales orders (销售订单) with their deliveries and installations. */
  salesOrders: SalesOrderDto[];
  reason: 'connected' | 'work-order-created';
}

/** An escalation or major complaint (重大投诉), forwarded from WorkOrderEvents to supervisors and quality monitors. */
export interface WorkOrderNotificationEvent {
  type: 'escalated' | 'major-complaint';
  workOrderNumber: string;
  reason: string;
  /** The complaint's channel (major complaints only). */
  channel: string | null;
  at: string;
  notificationId: number;
}

/** A work order the socket's member of staff can see has changed (`GET /work-orders/:number` for the rest). */
export interface WorkOrderChangedEvent {
  workOrderNumber: string;
  action: string;
  status: string;
  at: string;
}

/** Everything the server emits on /softphone. */
export interface ServerToClientEvents {
  /** The agent's own state (and counters), on every change. */
  state: (event: AgentStateEvent) => void;
  /** On connect and reconnect: the agent's state, the offer ringing now, the connected (or wrapping-up) call. */
  snapshot: (event: SnapshotEvent) => void;
  offer: (event: OfferEvent) => void;
  'offer-cancelled': (event: { callSid: string; reason: string }) => void;
  'call-connected': (event: CallEvent) => void;
  'call-ended': (event: { callSid: string }) => void;
  /**
   * Wrap-up (话后处理) began: it ends by itself after `wrapUpSeconds` (the queue's setting; `deadline` is
   * the same on the server's clock) unless the agent finishes sooner or chose another state.
   */
  'wrap-up-started': (event: { callSid: string | null; wrapUpSeconds: number | null; deadline: string | null }) => void;
  'wrap-up-ended': (event: { state: string }) => void;
  wallboard: (event: WallboardEvent) => void;
  /** To the agent on the call: who is calling (connected), refreshed after a work order is created from the call. */
  'screen-pop': (event: ScreenPopEvent) => void;
  /** To supervisors and quality monitors: a capacity warning or hot spot (爆发点) raised or escalated. */
  'quality-alert': (event: QualityAlertPush) => void;
  /** To supervisors and quality monitors: a work order escalated, or a major complaint. */
  'work-order-notification': (event: WorkOrderNotificationEvent) => void;
  /** To everyone who can see the order (supervisors, quality, its creator and agent, its unit's staff). */
  'work-order-changed': (event: WorkOrderChangedEvent) => void;
  error: (event: SoftphoneError) => void;
}

export type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: SoftphoneError };

/** Everything a client may send; every command takes an acknowledgement callback. */
export interface ClientToServerEvents {
  'set-state': (body: SetStateCommand, ack?: (result: Ack) => void) => void;
  'wrap-up-done': (body: unknown, ack?: (result: Ack) => void) => void;
  decline: (body: CallCommand, ack?: (result: Ack) => void) => void;
  'hang-up': (body: CallCommand, ack?: (result: Ack) => void) => void;
  transfer: (body: TransferCommand, ack?: (result: Ack) => void) => void;
  /** Hold (保持) and resume the connected call. */
  hold: (body: CallCommand, ack?: (result: Ack) => void) => void;
  resume: (body: CallCommand, ack?: (result: Ack) => void) => void;
  /** The wrap-up disposition (小结) of a call the agent took. */
  disposition: (body: DispositionCommand, ack?: (result: Ack) => void) => void;
  snapshot: (body: unknown, ack?: (result: Ack) => void) => void;
  /** Place a call (外呼, click-to-call): `{ to }` or `{ workOrderNumber }`, as POST /calls/outbound; acked with `{ callSid, to, workOrderNumber }`. */
  dial: (body: DialCommand, ack?: (result: Ack) => void) => void;
  /** Signing out (退出): offline at once (reason `logout`); acked with the state. */
  'sign-out': (body: unknown, ack?: (result: Ack) => void) => void;
}

const CALL_SID = /^CA[0-9a-f]{32}$/i;

export class SetStateCommand {
  @IsIn(['ready', 'not-ready'])
  state: 'ready' | 'not-ready';

  @ValidateIf((c: SetStateCommand) => c.state === 'not-ready' || c.reason !== undefined)
  @IsIn(NOT_READY_REASONS, { message: `reason must be one of: ${NOT_READY_REASONS.join(', ')} (required with not-ready)` })
  reason?: (typeof NOT_READY_REASONS)[number];
}

export class CallCommand {
  @IsString()
  @Matches(CALL_SID, { message: 'callSid must be a Twilio CallSid (CA + 32 hex)' })
  callSid: string;
}

export class DispositionCommand extends CallCommand {
  @IsIn(CALL_DISPOSITIONS, { message: `code must be one of: ${CALL_DISPOSITIONS.join(', ')}` })
  code: CallDisposition;

  @Optional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

/** Same target rules as POST /calls/:callSid/transfer: exactly one of `queue` and `agent` (job number). */
export class TransferCommand extends CallCommand {
  @TransferTargetField('queue', QUEUE_CODE, 'a queue code (2–32 characters of a-z, 0-9, _ or -, starting with a letter)')
  queue?: string;

  @TransferTargetField('agent', JOB_NUMBER, 'a job number of 3 to 16 digits')
  agent?: string;
}

/** Same target rules as POST /calls/outbound: exactly one of `to` and `workOrderNumber`. */
export class DialCommand extends DialCallDto {}
