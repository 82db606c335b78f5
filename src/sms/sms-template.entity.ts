import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A supervisor's wording of one message in one language; without a row the default of `sms-templates.ts` is used. */
@Entity('sms_template')
@Index('UQ_sms_template_kind_language', ['kind', 'language'], { unique: true })
export class SmsTemplate {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 24 })
  kind: string;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  updatedByJobNumber: string;
}
