import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ArticleContentColumns } from './article-content.columns';
import type { ArticleStatus } from './knowledge-categories';

/**
 * A knowledge-base article (知识库) as agents read it: the row holds the published version's content
 * (what agents see), and where the latest version is a newer draft, supervisors read it from
 * knowledge_article_version. `validFrom`/`validUntil` bound when it is shown (a promotion only while it runs).
 */
@Entity('knowledge_article')
@Index('IDX_knowledge_article_status_valid', ['status', 'validFrom'])
export class KnowledgeArticle extends ArticleContentColumns {
  @PrimaryGeneratedColumn()
  id: number;

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
