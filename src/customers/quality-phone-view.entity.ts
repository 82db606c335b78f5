import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const PHONE_VIEW_CONTEXTS = ['callback_visit', 'spot_check', 'work_order'] as const;
export type PhoneViewContext = (typeof PHONE_VIEW_CONTEXTS)[number];

/**
 * The audit of unmasked customer phone numbers: each time a member of staff opened a callback visit,
 * spot check or work order and so saw the customer's full number — who, when, which work order. Kept when the
 * work order goes (no foreign key).
 */
@Entity('quality_phone_view')
@Index('IDX_quality_phone_view_at', ['at'])
@Index('IDX_quality_phone_view_order', ['workOrderNumber', 'id'])
@Index('IDX_quality_phone_view_staff', ['staffJobNumber', 'id'])
export class QualityPhoneView {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  staffId: number;

  @Column({ type: 'varchar', length: 16 })
  staffJobNumber: string;

  @Column({ type: 'int' })
  workOrderId: number;

  @Column({ type: 'varchar', length: 24 })
  workOrderNumber: string;

  /** What was opened: a callback visit or a spot check, and its id. */
  @Column({ type: 'varchar', length: 16 })
  context: PhoneViewContext;

  @Column({ type: 'int' })
  subjectId: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}
