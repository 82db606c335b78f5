import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { KnowledgeArticle } from './knowledge-article.entity';

/** An agent's verdict on an article (有帮助 / 没帮助): one per agent and article, changed by rating again. */
@Entity('knowledge_rating')
@Index('UQ_knowledge_rating_staff', ['articleId', 'staffId'], { unique: true })
export class KnowledgeRating {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  articleId: number;

  @ManyToOne(() => KnowledgeArticle, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'articleId' })
  article?: KnowledgeArticle;

  @Column({ type: 'int' })
  staffId: number;

  @Column({ type: 'boolean' })
  helpful: boolean;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;
}
