import { Column, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { WorkOrder } from './work-order.entity';

/**
 * The columns of a row that belongs to one work order — its calls, remarks, audit entries, claims, photos,
 * notifications, spot checks and callback visits: an id of its own and the order's, deleted with the order.
 * Not an entity: each subclass is a table with these columns (TypeORM's concrete table inheritance).
 */
export abstract class BelongsToWorkOrder {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  workOrderId: number;

  @ManyToOne(() => WorkOrder, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workOrderId' })
  workOrder?: Relation<WorkOrder>;
}
