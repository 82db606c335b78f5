import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The kinds of documents searched: work orders (工单) and knowledge-base articles (知识库). */
export const SEARCH_KINDS = ['work_order', 'article'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * One token of one document (an inverted index in a plain table, the same on both engines): the
 * primary key (kind, token, docId) is the B-tree a search walks — a token's documents, newest last —
 * and is clustered (InnoDB; WITHOUT ROWID on SQLite), so a lookup reads no second place.
 */
@Entity('search_posting', { withoutRowid: true })
// Re-indexing one document (an edited description or article) finds its postings here.
@Index('IDX_search_posting_doc', ['kind', 'docId'])
export class SearchPosting {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: SearchKind;

  /** A Han bigram (价保), a lone Han character, or a lower-case word of letters or digits (search-tokens.ts). */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  token: string;

  /** The document's id in its own table (work_order.id, the article's id). */
  @PrimaryColumn({ type: 'int' })
  docId: number;

  /** Occurrences × the field's weight, summed over the document's fields (ranking). */
  @Column({ type: 'smallint' })
  weight: number;
}
