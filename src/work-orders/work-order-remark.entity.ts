import { Column, Entity, Index } from 'typeorm';
import { BelongsToWorkOrder } from './belongs-to-work-order';

/**
 * Remark flags (备注旗帜, seed 000): price change 黄旗 yellow, not shipped 紫旗 purple, shipped 蓝旗 blue,
 * special instruction 红旗 red, refundable 绿旗 green.
 */
export const REMARK_FLAGS = ['price_change', 'not_shipped', 'shipped', 'special_instruction', 'refundable'] as const;
export type RemarkFlag = (typeof REMARK_FLAGS)[number];
export const REMARK_FLAG_COLOURS: Record<RemarkFlag, string> = {
  price_change: 'yellow',
  not_shipped: 'purple',
  shipped: 'blue',
  special_instruction: 'red',
  refundable: 'green',
};

/** A remark on a work order: "reason + agent + date" (原因+客服名/日期), with an optional colour flag. */
@Entity('work_order_remark')
@Index('IDX_work_order_remark_order', ['workOrderId', 'id'])
export class WorkOrderRemark extends BelongsToWorkOrder {
  @Column({ type: 'varchar', length: 24, nullable: true })
  flag: RemarkFlag | null;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'int' })
  authorId: number;

  @Column({ type: 'varchar', length: 16 })
  authorJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
