import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallQueue } from '../routing/call-queue.entity';
import { KnowledgeArticleVersion } from './knowledge-article-version.entity';
import { KnowledgeArticle } from './knowledge-article.entity';
import { KnowledgeArticlesController } from './knowledge-articles.controller';
import { KnowledgeArticlesService } from './knowledge-articles.service';
import { KnowledgeAttachment } from './knowledge-attachment.entity';
import { KnowledgeAttachmentsService } from './knowledge-attachments.service';
import { KnowledgeCorrection } from './knowledge-correction.entity';
import { KnowledgeCorrectionsController } from './knowledge-corrections.controller';
import { KnowledgeCorrectionsService } from './knowledge-corrections.service';
import { KnowledgeRating } from './knowledge-rating.entity';
import { IndexedKnowledgeSearch } from './indexed-knowledge-search';
import { KnowledgeSearch } from './knowledge-search';
import { SearchModule } from '../search/search.module';
import { KnowledgeSuggestionsController } from './knowledge-suggestions.controller';

/** The knowledge base (知识库), searched through the Chinese full-text index (`KnowledgeSearch` → IndexedKnowledgeSearch). */
@Module({
  imports: [
    SearchModule,
    TypeOrmModule.forFeature([KnowledgeArticle, KnowledgeArticleVersion, KnowledgeRating, KnowledgeCorrection, KnowledgeAttachment, CallQueue]),
  ],
  controllers: [KnowledgeArticlesController, KnowledgeSuggestionsController, KnowledgeCorrectionsController],
  providers: [
    KnowledgeArticlesService,
    KnowledgeCorrectionsService,
    KnowledgeAttachmentsService,
    { provide: KnowledgeSearch, useClass: IndexedKnowledgeSearch },
  ],
  exports: [KnowledgeArticlesService],
})
export class KnowledgeModule {}
