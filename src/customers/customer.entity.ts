import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';

/** A postal address the customer gave (delivery, installation). */
export interface CustomerAddress {
  label?: string;
  address: string;
}

/** A customer (顾客), found by any of their phone numbers. */
@Entity('customer')
export class Customer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  name: string | null;

  /** 会员号. */
  @Index('IDX_customer_member_number')
  @Column({ type: 'varchar', length: 32, nullable: true })
  memberNumber: string | null;

  @Column({ type: 'boolean', default: false })
  vip: boolean;

  @Column({ type: 'simple-json' })
  addresses: CustomerAddress[];

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @OneToMany(() => CustomerPhone, (phone) => phone.customer)
  phones?: Relation<CustomerPhone>[];
}

/** One of a customer's phone numbers, in E.164; a number belongs to one customer. */
@Entity('customer_phone')
export class CustomerPhone {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  customerId: number;

  @ManyToOne(() => Customer, (customer) => customer.phones, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'customerId' })
  customer?: Relation<Customer>;

  @Index('UQ_customer_phone_phone', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  phone: string;

  @Column({ type: 'datetime', precision: 3 })
  addedAt: Date;
}
