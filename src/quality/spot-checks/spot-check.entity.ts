import { Column, Entity, Index } from 'typeorm';
import type { Terminal } from '../../organisation/terminals';
import { BelongsToWorkOrder } from '../../work-orders/belongs-to-work-order';

export const SPOT_CHECK_STATUSES = ['open', 'done'] as const;
export type SpotCheckStatus = (typeof SPOT_CHECK_STATUSES)[number];

/**
 * A spot check (抽查): a closed work order drawn at random from its terminal's closures of a site
 * day, for a quality monitor to review and score with a scorecard. One per work order and day
 * (unique), so sampling a day again, from any process, adds nothing.
 */
@Entity('spot_check')
@Index('UQ_spot_check_order_day', ['workOrderId', 'siteDay'], { unique: true })
@Index('IDX_spot_check_day_terminal', ['siteDay', 'terminal'])
@Index('IDX_spot_check_status', ['status', 'id'])
export class SpotCheck extends BelongsToWorkOrder {
  @Column({ type: 'varchar', length: 24 })
  workOrderNumber: string;

  /** The site day (YYYY-MM-DD, cut at the site's midnight) whose closures were sampled. */
  @Column({ type: 'varchar', length: 10 })
  siteDay: string;

  @Column({ type: 'varchar', length: 24 })
  terminal: Terminal;

  @Column({ type: 'datetime', precision: 3 })
  closedAt: Date;

  @Column({ type: 'varchar', length: 8 })
  status: SpotCheckStatus;

  /** The scorecard evaluation that completed it, when scored with one. */
  @Column({ type: 'int', nullable: true })
  evaluationId: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  completedById: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  completedByJobNumber: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
