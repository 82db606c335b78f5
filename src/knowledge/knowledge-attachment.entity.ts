import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { KnowledgeArticle } from './knowledge-article.entity';

/** A document or picture on an article, archived under ATTACHMENTS_DIR as work orders' are: `knowledge/<articleId>/<articleId>-<n>.<ext>`. */
@Entity('knowledge_attachment')
@Index('IDX_knowledge_attachment_article', ['articleId', 'id'])
export class KnowledgeAttachment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  articleId: number;

  @ManyToOne(() => KnowledgeArticle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'articleId' })
  article?: KnowledgeArticle;

  /** Path under ATTACHMENTS_DIR. */
  @Column({ type: 'varchar', length: 255 })
  storedPath: string;

  @Column({ type: 'varchar', length: 128 })
  originalName: string;

  @Column({ type: 'varchar', length: 64 })
  contentType: string;

  @Column({ type: 'int' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 16 })
  uploadedByJobNumber: string;

  @Column({ type: 'datetime', precision: 3 })
  uploadedAt: Date;
}
