import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { KnowledgeArticle } from './knowledge-article.entity';

export const CORRECTION_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

/** A correction an agent suggests on an article (纠错建议), resolved by a supervisor. */
@Entity('knowledge_correction')
@Index('IDX_knowledge_correction_status', ['status', 'id'])
@Index('IDX_knowledge_correction_article', ['articleId', 'id'])
export class KnowledgeCorrection {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  articleId: number;

  @ManyToOne(() => KnowledgeArticle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'articleId' })
  article?: KnowledgeArticle;

  /** The version the agent was reading. */
  @Column({ type: 'int', nullable: true })
  articleVersion: number | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 16 })
  status: CorrectionStatus;

  @Column({ type: 'varchar', length: 16 })
  byJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resolvedByJobNumber: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  resolutionNote: string | null;
}
