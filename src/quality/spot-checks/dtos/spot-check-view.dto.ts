import { ApiProperty } from '@nestjs/swagger';
import { TERMINALS, type Terminal } from '../../../organisation/terminals';
import { WORK_ORDER_STATUSES, type WorkOrderStatus } from '../../../work-orders/work-order.entity';
import { CallbackCustomerView, CallbackUnitRef } from '../../callbacks/dtos/callback-view.dto';
import { SPOT_CHECK_STATUSES, type SpotCheckStatus } from '../spot-check.entity';

/* The spot-check routes' answers as OpenAPI describes them: the types SpotChecksService returns. */

export class SpotCheckWorkOrderView {
  number: string;
  @ApiProperty({ enum: WORK_ORDER_STATUSES })
  status: WorkOrderStatus;
  category: string;
  unit: CallbackUnitRef | null;
  solution: string | null;
  description: string;
}

export class SpotCheckDto {
  id: number;
  /** The site day sampled. */
  day: string;
  @ApiProperty({ enum: SPOT_CHECK_STATUSES })
  status: SpotCheckStatus;
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
  closedAt: Date;
  workOrder: SpotCheckWorkOrderView;
  customer: CallbackCustomerView;
  evaluationId: number | null;
  note: string | null;
  completedBy: string | null;
  completedAt: Date | null;
}

export class SpotCheckPage {
  items: SpotCheckDto[];
  nextCursor: string | null;
}

export class SampledTerminal {
  @ApiProperty({ enum: TERMINALS })
  terminal: Terminal;
  /** Work orders the terminal closed that day (and still closed). */
  closed: number;
  sampled: number;
  workOrders: string[];
}

export class SampleResultDto {
  day: string;
  /** SPOT_CHECK_SHARE: the share of each terminal's closed orders drawn (at least one). */
  share: number;
  terminals: SampledTerminal[];
}
