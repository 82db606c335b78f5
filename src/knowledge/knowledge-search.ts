import { SelectQueryBuilder } from 'typeorm';
import { KnowledgeArticle } from './knowledge-article.entity';

/**
 * The seam between the knowledge base and full-text search: given the words an agent typed, narrows
 * a query of articles (alias `a`) to the matches. KnowledgeModule provides IndexedKnowledgeSearch:
 * the Chinese full-text index (search_posting; docs/search.md).
 */
export abstract class KnowledgeSearch {
  abstract apply(query: SelectQueryBuilder<KnowledgeArticle>, words: string): Promise<SelectQueryBuilder<KnowledgeArticle>>;
}
