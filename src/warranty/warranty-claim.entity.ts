import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FaultKind } from './warranty-kinds';

/** A repair claimed on a contract and found covered: the warranty work order (延保维修) it opened. */
@Entity('warranty_claim')
@Index('IDX_warranty_claim_contract', ['contractId'])
export class WarrantyClaim {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  contractId: number;

  @Column({ type: 'int' })
  workOrderId: number;

  @Column({ type: 'varchar', length: 24 })
  workOrderNumber: string;

  @Column({ type: 'varchar', length: 16 })
  faultKind: FaultKind;

  @Column({ type: 'int' })
  createdById: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
