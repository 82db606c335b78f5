import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const OFFER_RESULTS = ['answered', 'missed', 'declined', 'cancelled'] as const;
export type OfferResult = (typeof OFFER_RESULTS)[number];

/** One agent rung for one call, and what became of it. */
@Entity('call_offer')
@Index('IDX_call_offer_call', ['callSid'])
@Index('IDX_call_offer_agent_offered', ['agentJobNumber', 'offeredAt'])
export class CallOffer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 40 })
  callSid: string;

  @Column({ type: 'varchar', length: 16 })
  agentJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  offeredAt: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  result: OfferResult | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resultAt: Date | null;
}
