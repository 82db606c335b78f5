import { Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import { KnowledgeArticle } from './knowledge-article.entity';

/**
 * The seam between the knowledge base and full-text search: given the words an agent typed, narrows
 * a query of articles (alias `a`) to the matches and orders them best first. The default here is a
 * plain LIKE over title, body and tags; the generic Chinese full-text index (issue 18, item 5) replaces
 * it by providing another KnowledgeSearch in KnowledgeModule — nothing else changes.
 */
export abstract class KnowledgeSearch {
  abstract apply(query: SelectQueryBuilder<KnowledgeArticle>, words: string): Promise<SelectQueryBuilder<KnowledgeArticle>>;
}

/** Every whitespace-separated word in the title, the body or a tag; no ranking beyond the list's own order. */
@Injectable()
export class LikeKnowledgeSearch extends KnowledgeSearch {
  apply(query: SelectQueryBuilder<KnowledgeArticle>, words: string): Promise<SelectQueryBuilder<KnowledgeArticle>> {
    const terms = words.split(/\s+/).filter((w) => w !== '');
    terms.forEach((term, i) => {
      // '!' escapes on both engines (a backslash means one thing in MySQL's strings and another in SQLite's).
      const escaped = `%${term.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      query.andWhere(
        new Brackets((q) =>
          q
            .where(`a.title LIKE :term${i} ESCAPE '!'`, { [`term${i}`]: escaped })
            .orWhere(`a.body LIKE :term${i} ESCAPE '!'`)
            .orWhere(`a.tags LIKE :term${i} ESCAPE '!'`),
        ),
      );
    });
    return Promise.resolve(query);
  }
}
