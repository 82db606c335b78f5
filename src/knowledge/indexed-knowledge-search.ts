import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { SearchIndexService } from '../search/search-index.service';
import type { SearchDocument } from '../search/search-tokens';
import { KnowledgeArticle } from './knowledge-article.entity';
import { KnowledgeSearch } from './knowledge-search';

/** What of an article is searched, and how much a hit counts: the title most, then its tags, then the body. */
export function articleDocument(article: Pick<KnowledgeArticle, 'id' | 'title' | 'tags' | 'body'>): SearchDocument {
  return {
    docId: article.id,
    fields: [
      { text: article.title, weight: 3 },
      { text: article.tags.join(' '), weight: 2 },
      { text: article.body, weight: 1 },
    ],
  };
}

/**
 * Articles found by the Chinese full-text index (search_posting, kind `article`; docs/search.md): every
 * word of the query (价保: one bigram) held by the article's title, tags or body. The list keeps its
 * newest-first order and cursor; an absent word costs an index lookup, not a scan of every body.
 */
@Injectable()
export class IndexedKnowledgeSearch extends KnowledgeSearch {
  constructor(private readonly searchIndex: SearchIndexService) {
    super();
  }

  async apply(query: SelectQueryBuilder<KnowledgeArticle>, words: string): Promise<SelectQueryBuilder<KnowledgeArticle>> {
    const plan = await this.searchIndex.plan('article', words);
    if (!plan || plan.mode === 'none') return query.andWhere('1 = 0');
    if (plan.mode === 'broad') {
      const { where, params } = this.searchIndex.holdsEveryToken(plan, 'a.id');
      return query.andWhere(where, params);
    }
    const { sql, params } = this.searchIndex.scoredDocuments(plan);
    return query.andWhere(`a.id IN (SELECT m.docId FROM ${sql} m)`, params);
  }
}
