import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { delimitedList } from './delimited-list';
import type { ArticleStatus, KnowledgeCategory } from './knowledge-categories';

/**
 * A knowledge-base article (知识库) as agents read it: the row holds the published version's content
 * (what agents see), and where the latest version is a newer draft, supervisors read it from
 * knowledge_article_version. `validFrom`/`validUntil` bound when it is shown (a promotion only while it runs).
 */
@Entity('knowledge_article')
@Index('IDX_knowledge_article_status_valid', ['status', 'validFrom'])
export class KnowledgeArticle {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  category: KnowledgeCategory;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 500, transformer: delimitedList })
  tags: string[];

  /** The queues it serves (their codes). */
  @Column({ type: 'varchar', length: 500, transformer: delimitedList })
  queues: string[];

  /** The work-order categories it serves. */
  @Column({ type: 'varchar', length: 500, transformer: delimitedList })
  workOrderCategories: string[];

  @Column({ type: 'datetime', precision: 3, nullable: true })
  validFrom: Date | null;

  /** Exclusive: shown until this instant. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  validUntil: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: ArticleStatus;

  /** The version whose content the row holds for agents; null until first published. */
  @Column({ type: 'int', nullable: true })
  publishedVersion: number | null;

  /** The newest version written (a draft when above publishedVersion). */
  @Column({ type: 'int' })
  latestVersion: number;

  @Column({ type: 'int', default: 0 })
  helpfulCount: number;

  @Column({ type: 'int', default: 0 })
  notHelpfulCount: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;
}
