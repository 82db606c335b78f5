import { ApiProperty } from '@nestjs/swagger';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../../../work-orders/work-order.entity';
import { CALL_EVENT_TYPES, type CallEventType } from '../../call-events/call-event.entity';
import { CALL_DISPOSITIONS, type CallDisposition } from '../../call-dispositions';
import { OFFER_RESULTS, type OfferResult } from '../../call-offer.entity';
import { CALL_DIRECTIONS, CALL_OUTCOMES, CALL_STATUSES, type CallDirection, type CallOutcome, type CallStatus } from '../../call-record.entity';

/* The call routes' answers as OpenAPI describes them: what toCallView and CallsController#get return. */

/** The wrap-up disposition (小结) recorded on a call. */
export class CallDispositionView {
  @ApiProperty({ enum: CALL_DISPOSITIONS })
  code: CallDisposition;
  note: string | null;
  /** When it was recorded (ISO 8601). */
  at: string | null;
}

/** A call record. Quality monitors see the customer's number masked (138****5678). */
export class CallViewDto {
  callSid: string;
  @ApiProperty({ enum: CALL_DIRECTIONS })
  direction: CallDirection;
  from: string;
  to: string;
  /** ISO 8601. */
  arrivedAt: string;
  /** The first answer, by an agent or the IVR (ISO 8601). */
  answeredAt: string | null;
  @ApiProperty({ enum: ['ivr', 'agent'], nullable: true, type: String })
  answeredBy: 'ivr' | 'agent' | null;
  /** Arrival to the first answer: at most 15 (three rings). */
  ringSeconds: number | null;
  /** When an agent was connected (ISO 8601). */
  connectedAt: string | null;
  /** The call's agent (工号): after a consult transfer, the colleague who took it. */
  agentJobNumber: string | null;
  /** Queue code. */
  queue: string | null;
  priority: number;
  @ApiProperty({ enum: CALL_STATUSES })
  status: CallStatus;
  @ApiProperty({ enum: CALL_OUTCOMES, nullable: true, type: String })
  outcome: CallOutcome | null;
  waitSeconds: number | null;
  endedAt: string | null;
  /** The call's room recording, when its queue records calls. */
  recordingUrl: string | null;
  /** The call a callback (回电) was placed for. */
  originCallSid: string | null;
  disposition: CallDispositionView | null;
}

/** A work order the call is linked to. */
export class CallWorkOrderView {
  number: string;
  @ApiProperty({ enum: WORK_ORDER_STATUSES })
  status: WorkOrderStatus;
  category: string;
  linkedAt: Date;
}

/** An agent rung for the call (one per ring: hold, resume, consult and transfer ring nobody). */
export class CallOfferView {
  agentJobNumber: string;
  offeredAt: string;
  @ApiProperty({ enum: OFFER_RESULTS, nullable: true, type: String })
  result: OfferResult | null;
  resultAt: string | null;
}

/**
 * Something that happened to the connected call — hold (保持), resume, consult (咨询), its cancelling,
 * a completed transfer (转接), three-way (三方通话), the agent leaving, a supervisor listening,
 * whispering or barging in. Events of the call, never offers.
 */
export class CallEventView {
  @ApiProperty({ enum: CALL_EVENT_TYPES, enumName: 'CallEventType' })
  type: CallEventType;
  /** ISO 8601. */
  at: string;
  /** Job number (工号) of whoever did it: the agent, a supervisor; null when it happened by itself (the other end hung up). */
  by: string | null;
  /** Who was brought in or monitored: a colleague's or the agent's job number, or the number called (a store, a logistics centre, a manufacturer). */
  target: string | null;
}

/** One call with its work orders, its offers and its events (GET /calls/:callSid). */
export class CallDetailDto extends CallViewDto {
  workOrders: CallWorkOrderView[];
  offers: CallOfferView[];
  /** Oldest first. */
  events: CallEventView[];
}

/** A page of calls, newest first. */
export class CallPageDto {
  items: CallViewDto[];
  nextCursor: string | null;
}
