import { MigrationInterface, QueryRunner } from 'typeorm';
import { postingUpsert } from '../../search/search-index.service';
import { postingRows } from '../../search/search-tokens';
import { sqlDialect } from '../sql-dialect';
import { articleDocument } from '../../knowledge/indexed-knowledge-search';
import { workOrderDocument } from '../../work-orders/work-order-search-document';
import { runEngineSql } from './engine-sql';

/** Work orders read, tokenised and written per batch while the index is filled. */
const BACKFILL_BATCH = 2000;

/**
 * The full-text search index (search_posting, src/search/) and its backfill: every existing work
 * order's description, product, shop order number and remarks cut into tokens, and every article's
 * title, tags and body. About a minute per 100 000 orders.
 */
export class SearchPostings1764370000000 implements MigrationInterface {
  name = 'SearchPostings1764370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `search_posting` (`kind` varchar(16) NOT NULL, `token` varchar(32) NOT NULL, `docId` int NOT NULL, `weight` smallint NOT NULL, INDEX `IDX_search_posting_doc` (`kind`, `docId`), PRIMARY KEY (`kind`, `token`, `docId`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'CREATE TABLE "search_posting" ("kind" varchar(16) NOT NULL, "token" varchar(32) NOT NULL, "docId" integer NOT NULL, "weight" smallint NOT NULL, PRIMARY KEY ("kind", "token", "docId")) WITHOUT ROWID',
        'CREATE INDEX "IDX_search_posting_doc" ON "search_posting" ("kind", "docId") ',
      ],
    });
    for (let after = 0; ;) {
      const orders = (await queryRunner.query('SELECT id, description, product, externalOrderNumber FROM work_order WHERE id > ? ORDER BY id LIMIT ?', [
        after,
        BACKFILL_BATCH,
      ])) as { id: number | string; description: string; product: string | null; externalOrderNumber: string | null }[];
      if (orders.length === 0) break;
      const first = Number(orders[0].id);
      after = Number(orders[orders.length - 1].id);
      const remarks = (await queryRunner.query('SELECT workOrderId, reason FROM work_order_remark WHERE workOrderId BETWEEN ? AND ? ORDER BY id', [
        first,
        after,
      ])) as { workOrderId: number | string; reason: string }[];
      const reasons = new Map<number, string[]>();
      for (const r of remarks) reasons.set(Number(r.workOrderId), [...(reasons.get(Number(r.workOrderId)) ?? []), r.reason]);
      const rows = postingRows(
        'work_order',
        orders.map((o) => workOrderDocument({ ...o, id: Number(o.id) }, reasons.get(Number(o.id)) ?? [])),
      );
      for (let from = 0; from < rows.length; from += 500) {
        const chunk = rows.slice(from, from + 500);
        await queryRunner.query(postingUpsert(sqlDialect(queryRunner.connection), chunk.length), chunk.flat());
      }
    }
    await this.backfillArticles(queryRunner);
  }

  /** The knowledge base's articles: title, tags and body as their row holds them now (IndexedKnowledgeSearch). */
  private async backfillArticles(queryRunner: QueryRunner): Promise<void> {
    for (let after = 0; ;) {
      const articles = (await queryRunner.query('SELECT id, title, tags, body FROM knowledge_article WHERE id > ? ORDER BY id LIMIT ?', [
        after,
        BACKFILL_BATCH,
      ])) as { id: number | string; title: string; tags: string; body: string }[];
      if (articles.length === 0) return;
      after = Number(articles[articles.length - 1].id);
      // The tags column is a delimited list: its delimiters separate tokens as any punctuation does.
      const rows = postingRows(
        'article',
        articles.map((a) => articleDocument({ id: Number(a.id), title: a.title, tags: [a.tags], body: a.body })),
      );
      for (let from = 0; from < rows.length; from += 500) {
        const chunk = rows.slice(from, from + 500);
        await queryRunner.query(postingUpsert(sqlDialect(queryRunner.connection), chunk.length), chunk.flat());
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP INDEX `IDX_search_posting_doc` ON `search_posting`', 'DROP TABLE `search_posting`'],
      sqlite: ['DROP INDEX "IDX_search_posting_doc"', 'DROP TABLE "search_posting"'],
    });
  }
}
