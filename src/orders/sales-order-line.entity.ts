import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a sales order (订单明细): a product (商品), its model (型号), quantity and unit price. */
@Entity('sales_order_line')
@Index('UQ_sales_order_line_order_line', ['orderId', 'lineNo'], { unique: true })
@Index('IDX_sales_order_line_product', ['productCode'])
export class SalesOrderLine {
  @PrimaryGeneratedColumn()
  id: number;

  /** `SalesOrder.id`. */
  @Column({ type: 'int' })
  orderId: number;

  /** The OMS's line number within the order (行号), from 1. */
  @Column({ type: 'int' })
  lineNo: number;

  /** The chain's product code (商品编码). */
  @Column({ type: 'varchar', length: 32 })
  productCode: string;

  @Column({ type: 'varchar', length: 128 })
  productName: string;

  /** The maker's model (型号). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  model: string | null;

  @Column({ type: 'int' })
  quantity: number;

  /** Unit price in fen (分), as money is counted. */
  @Column({ type: 'int' })
  unitPriceFen: number;
}
