import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Stock (库存量) of one product at one store or warehouse (a terminal unit: store 门店 or logistics centre 物流/仓库). */
@Entity('stock_level')
@Index('UQ_stock_level_product_unit', ['productCode', 'unitId'], { unique: true })
export class StockLevel {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 32 })
  productCode: string;

  @Column({ type: 'varchar', length: 128 })
  productName: string;

  @Column({ type: 'int' })
  unitId: number;

  /** Units on hand (may be negative when the OMS oversold). */
  @Column({ type: 'int' })
  quantity: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
