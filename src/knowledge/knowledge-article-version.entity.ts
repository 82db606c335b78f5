import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { delimitedList } from './delimited-list';
import { KnowledgeArticle } from './knowledge-article.entity';
import type { KnowledgeCategory } from './knowledge-categories';

/** One version of an article, whole (so any two compare): who wrote it, why, and whether and when it was published. */
@Entity('knowledge_article_version')
@Index('UQ_knowledge_article_version', ['articleId', 'version'], { unique: true })
export class KnowledgeArticleVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  articleId: number;

  @ManyToOne(() => KnowledgeArticle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'articleId' })
  article?: KnowledgeArticle;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  category: KnowledgeCategory;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 500, transformer: delimitedList })
  tags: string[];

  @Column({ type: 'varchar', length: 500, transformer: delimitedList })
  queues: string[];

  @Column({ type: 'varchar', length: 500, transformer: delimitedList })
  workOrderCategories: string[];

  @Column({ type: 'datetime', precision: 3, nullable: true })
  validFrom: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  validUntil: Date | null;

  /** Why it changed, as the editor said it. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  changeNote: string | null;

  @Column({ type: 'varchar', length: 16 })
  changedByJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  publishedByJobNumber: string | null;
}
