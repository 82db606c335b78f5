import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ArticleContentColumns } from './article-content.columns';
import { KnowledgeArticle } from './knowledge-article.entity';

/** One version of an article, whole (so any two compare): who wrote it, why, and whether and when it was published. */
@Entity('knowledge_article_version')
@Index('UQ_knowledge_article_version', ['articleId', 'version'], { unique: true })
export class KnowledgeArticleVersion extends ArticleContentColumns {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  articleId: number;

  @ManyToOne(() => KnowledgeArticle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'articleId' })
  article?: KnowledgeArticle;

  @Column({ type: 'int' })
  version: number;

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
