import { Column, Entity, Index } from 'typeorm';
import { BelongsToWorkOrder } from './belongs-to-work-order';

/**
 * A photo or document on a work order. The file is archived in the customer's folder and named by
 * the customer's ID (售后问题图片存档, 图片名改为客户ID以备查询 — seed 000): `<customerId>/<customerId>-<order>-<n>.<ext>`.
 */
@Entity('work_order_attachment')
@Index('IDX_work_order_attachment_order', ['workOrderId', 'id'])
export class WorkOrderAttachment extends BelongsToWorkOrder {
  @Column({ type: 'int' })
  customerId: number;

  /** Path under ATTACHMENTS_DIR. */
  @Column({ type: 'varchar', length: 255 })
  storedPath: string;

  @Column({ type: 'varchar', length: 128 })
  originalName: string;

  @Column({ type: 'varchar', length: 64 })
  contentType: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'int' })
  uploadedById: number;

  @Column({ type: 'datetime', precision: 3 })
  uploadedAt: Date;
}
