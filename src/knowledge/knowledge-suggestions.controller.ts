import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { SuggestionsQuery } from './dtos/article.dto';
import { ArticleSummaryDto } from './dtos/article-view.dto';
import { KnowledgeArticlesService } from './knowledge-articles.service';

/** Beside the live call: the articles for the call's queue and the work order's category. */
@ApiTags('knowledge')
@ApiBearerAuth()
@Controller('knowledge/suggestions')
export class KnowledgeSuggestionsController {
  constructor(private readonly articles: KnowledgeArticlesService) {}

  /** Live articles serving `queue` or `category` (at least one), those serving both first, then the better rated. */
  @Get()
  @Roles('agent', 'supervisor')
  @ApiOkResponse({ type: [ArticleSummaryDto] })
  suggestions(@Query() query: SuggestionsQuery): Promise<ArticleSummaryDto[]> {
    return this.articles.suggestions(query);
  }
}
