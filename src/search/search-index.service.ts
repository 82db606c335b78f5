import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlDialect, sqlDialect } from '../database/sql-dialect';
import { SearchKind } from './search-posting.entity';
import { postingRows, queryTokens, SearchDocument, WEIGHT_MAX } from './search-tokens';

export type { SearchDocument } from './search-tokens';

/**
 * Up to this many documents holding a query's rarest token are ranked by score; beyond, matches come
 * newest first (a word in thousands of orders ranks nothing useful, and scoring them all would cost
 * a lookup each: about 100 ms per 5 000 on MariaDB).
 */
export const RANKED_MATCHES = 5000;

/**
 * How a query finds its documents, decided from how many hold each token (counted up to
 * RANKED_MATCHES + 1, an index range each):
 * - `none`: a token no document holds — nothing matches, no scan (the absent word costs a lookup);
 * - `ranked`: the rarest token's documents are few: they are read from its range, checked for the other
 *   tokens by primary key and scored (the sum of the tokens' weights);
 * - `broad`: every token is common: the list walks its own index and keeps the orders holding every token.
 * `tokens` are rarest first.
 */
export type SearchPlan = { kind: SearchKind; tokens: string[]; mode: 'none' | 'ranked' | 'broad' };

/**
 * An INSERT of `rows` postings (kind, token, docId, weight) adding to those already there: a remark's
 * tokens add to its order's, and two tokens the column's collation takes as one (MariaDB's
 * utf8mb4_unicode_ci: ß and ss) make one posting.
 */
export function postingUpsert(dialect: SqlDialect, rows: number): string {
  const values = Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ');
  return dialect === 'mysql'
    ? `INSERT INTO search_posting (kind, token, docId, weight) VALUES ${values} ON DUPLICATE KEY UPDATE weight = LEAST(weight + VALUES(weight), ${WEIGHT_MAX})`
    : `INSERT INTO search_posting (kind, token, docId, weight) VALUES ${values} ON CONFLICT (kind, token, docId) DO UPDATE SET weight = MIN(weight + excluded.weight, ${WEIGHT_MAX})`;
}

/** The per-token parameter names of one query, so two searches can share a statement. */
const tokenParam = (i: number) => `searchToken${i}`;

/**
 * The search index (search_posting) of every kind of document: kept current inside the transaction
 * that writes the document, and read by the lists that search (work orders, articles).
 */
@Injectable()
export class SearchIndexService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Adds the fields' tokens to the documents' postings (a remark adds to its order's): one upsert per 500 postings. */
  async add(tx: EntityManager, kind: SearchKind, documents: readonly SearchDocument[]): Promise<void> {
    const rows = postingRows(kind, documents).flat();
    for (let from = 0; from < rows.length; from += 500 * 4) {
      const chunk = rows.slice(from, from + 500 * 4);
      await tx.query(postingUpsert(sqlDialect(this.db), chunk.length / 4), chunk);
    }
  }

  /**
   * The best `limit` documents of `kind` for `q`, with their scores: the seam for lists without a
   * table of their own to walk (knowledge-base articles): ranked plans by score then newest, broad
   * ones newest first (the rarest token's range walked from its end, the others looked up per document).
   */
  async search(kind: SearchKind, q: string, limit: number): Promise<{ docId: number; score: number }[]> {
    const plan = await this.plan(kind, q);
    if (!plan || plan.mode === 'none') return [];
    const { sql, params } = this.scoredDocuments(plan);
    const qb = this.db.createQueryBuilder().select('s.docId', 'docId').addSelect('s.score', 'score').from(sql, 's').setParameters(params).limit(limit);
    if (plan.mode === 'ranked') qb.orderBy('s.score', 'DESC').addOrderBy('s.docId', 'DESC');
    else qb.orderBy('s.docId', 'DESC');
    const rows = await qb.getRawMany<{ docId: number | string; score: number | string }>();
    return rows.map((r) => ({ docId: Number(r.docId), score: Number(r.score) }));
  }

  /** A document's postings written anew from all its fields (an edited description, a changed article). */
  async replace(tx: EntityManager, kind: SearchKind, document: SearchDocument): Promise<void> {
    await this.remove(tx, kind, document.docId);
    await this.add(tx, kind, [document]);
  }

  async remove(tx: EntityManager, kind: SearchKind, docId: number): Promise<void> {
    await tx.query('DELETE FROM search_posting WHERE kind = ? AND docId = ?', [kind, docId]);
  }

  /** How `q` finds documents of `kind` (see SearchPlan); null when it has no token to look for. */
  async plan(kind: SearchKind, q: string): Promise<SearchPlan | null> {
    const tokens = queryTokens(q);
    if (tokens.length === 0) return null;
    const counts = new Map<string, number>();
    for (const token of tokens) {
      const [{ n }] = await this.db.query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM (SELECT 1 FROM search_posting WHERE kind = ? AND token = ? LIMIT ?) t',
        [kind, token, RANKED_MATCHES + 1],
      );
      counts.set(token, Number(n));
      if (Number(n) === 0) return { kind, tokens, mode: 'none' };
    }
    const rarestFirst = [...tokens].sort((a, b) => counts.get(a)! - counts.get(b)!);
    return { kind, tokens: rarestFirst, mode: counts.get(rarestFirst[0])! <= RANKED_MATCHES ? 'ranked' : 'broad' };
  }

  /**
   * The documents holding every token with their score, as a derived table (docId, score) to join:
   * the rarest token's range, each other token a primary-key lookup. For `ranked` plans only.
   */
  scoredDocuments(plan: SearchPlan): { sql: string; params: Record<string, unknown> } {
    const params: Record<string, unknown> = { searchKind: plan.kind };
    const joins = plan.tokens
      .slice(1)
      .map((token, i) => {
        params[tokenParam(i + 1)] = token;
        return `INNER JOIN search_posting p${i + 1} ON p${i + 1}.kind = p0.kind AND p${i + 1}.token = :${tokenParam(i + 1)} AND p${i + 1}.docId = p0.docId`;
      })
      .join(' ');
    params[tokenParam(0)] = plan.tokens[0];
    const score = plan.tokens.map((_, i) => `p${i}.weight`).join(' + ');
    return {
      sql: `(SELECT p0.docId AS docId, ${score} AS score FROM search_posting p0 ${joins} WHERE p0.kind = :searchKind AND p0.token = :${tokenParam(0)})`,
      params,
    };
  }

  /** A condition that `docId` (an SQL expression such as `o.id`) holds every token: a primary-key lookup per token and row. */
  holdsEveryToken(plan: SearchPlan, docId: string): { where: string; params: Record<string, unknown> } {
    const params: Record<string, unknown> = { searchKind: plan.kind };
    const where = plan.tokens
      .map((token, i) => {
        params[tokenParam(i)] = token;
        return `EXISTS (SELECT 1 FROM search_posting p${i} WHERE p${i}.kind = :searchKind AND p${i}.token = :${tokenParam(i)} AND p${i}.docId = ${docId})`;
      })
      .join(' AND ');
    return { where, params };
  }
}
