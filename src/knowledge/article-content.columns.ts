import { Column } from 'typeorm';
import { delimitedList } from './delimited-list';
import type { KnowledgeCategory } from './knowledge-categories';

/**
 * What an article says and when it holds — the columns an article row (its published content) and each of its
 * versions share, so a version is the article's content as it stood and the two never drift apart.
 */
export abstract class ArticleContentColumns {
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
}
