import { ApiProperty } from '@nestjs/swagger';
import { TERMINALS, type Terminal } from '../../../organisation/terminals';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../../../work-orders/work-order.entity';
import { CALLBACK_FILTERS, type CallbackFilter, UNREACHABLE_REASONS } from '../callback-policy';
import type { AttemptOutcome } from '../callback-attempt.entity';

/* The callback routes' answers as OpenAPI describes them: the types CallbackVisitsService returns. */

export class CallbackUnitRef {
  code: string;
  name: string;
}

export class CallbackWorkOrderView {
  number: string;
  @ApiProperty({ enum: WORK_ORDER_STATUSES })
  status: WorkOrderStatus;
  category: string;
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
  unit: CallbackUnitRef | null;
  solution: string | null;
  description: string;
}

export class CallbackCustomerView {
  name: string | null;
  /** Masked (138****5678) for quality monitors in lists; in full when one visit is read (audited). */
  phone: string;
  phoneMasked: boolean;
}

export class CallbackResultView {
  /** 1 (very dissatisfied) to 5. */
  satisfaction: number;
  solved: boolean;
  dissatisfied: boolean;
  comments: string | null;
  /** The visit call the result was taken on, if any. */
  callSid: string | null;
  by: string | null;
  at: Date;
}

export class CallbackAttemptView {
  number: number;
  callSid: string | null;
  @ApiProperty({ enum: ['reached', ...UNREACHABLE_REASONS], nullable: true })
  outcome: AttemptOutcome | null;
  note: string | null;
  by: string;
  startedAt: Date;
  endedAt: Date | null;
}

export class CallbackVisitDto {
  id: number;
  /** `due` is a scheduled visit whose time has come. */
  @ApiProperty({ enum: CALLBACK_FILTERS })
  status: CallbackFilter;
  dueAt: Date;
  closedAt: Date;
  attempts: number;
  maxAttempts: number;
  lastAttemptAt: Date | null;
  workOrder: CallbackWorkOrderView;
  customer: CallbackCustomerView;
  result: CallbackResultView | null;
  /** One visit read alone: its attempts. */
  attemptLog?: CallbackAttemptView[];
}

export class CallbackVisitPage {
  items: CallbackVisitDto[];
  nextCursor: string | null;
}
