import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { AttachmentDto } from '../work-orders/dtos/work-order.dto';
import { ArticleContentDto, DiffQuery, ListArticlesQuery, PublishArticleDto, RateArticleDto, ReviseArticleDto } from './dtos/article.dto';
import { ArticleAttachmentView, ArticleDto, ArticlePage, ArticleVersionDto, RatingDto, VersionDiffDto } from './dtos/article-view.dto';
import { articleIdPipe, attachmentIdPipe, versionPipe } from './id-pipes';
import { KnowledgeArticlesService } from './knowledge-articles.service';
import { KnowledgeAttachmentsService } from './knowledge-attachments.service';
import { KNOWLEDGE_EDITORS, KNOWLEDGE_READERS } from './knowledge-readers';

/** The knowledge base (知识库): agents read and rate; supervisors write versions, publish and archive. */
@ApiTags('knowledge')
@ApiBearerAuth()
@Controller('knowledge/articles')
export class KnowledgeArticlesController {
  constructor(
    private readonly articles: KnowledgeArticlesService,
    private readonly attachments: KnowledgeAttachmentsService,
  ) {}

  /** Published articles shown now, newest first; supervisors add `all=true` (drafts, archived, out of validity) or a `status`. */
  @Get()
  @Roles(...KNOWLEDGE_READERS)
  @ApiOkResponse({ type: ArticlePage })
  list(@Query() query: ListArticlesQuery, @CurrentStaff() staff: StaffPrincipal): Promise<ArticlePage> {
    return this.articles.list(query, staff);
  }

  /** A new article, saved as draft version 1. */
  @Post()
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: ArticleDto })
  create(@Body() body: ArticleContentDto, @CurrentStaff() staff: StaffPrincipal): Promise<ArticleDto> {
    return this.articles.create(body, staff);
  }

  /** One article; 404 for an agent when it is not published or not within its validity now. */
  @Get(':id')
  @Roles(...KNOWLEDGE_READERS)
  @ApiOkResponse({ type: ArticleDto })
  get(@Param('id', articleIdPipe) id: number, @CurrentStaff() staff: StaffPrincipal): Promise<ArticleDto> {
    return this.articles.get(id, staff);
  }

  /** A new version (a draft until published); `baseVersion` guards against another editor's version in between (409). */
  @Put(':id')
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: ArticleDto })
  revise(@Param('id', articleIdPipe) id: number, @Body() body: ReviseArticleDto, @CurrentStaff() staff: StaffPrincipal): Promise<ArticleDto> {
    return this.articles.revise(id, body, staff);
  }

  /** Publishes a version (default the latest): agents read it from now on (within its validity). */
  @Post(':id/publish')
  @HttpCode(200)
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: ArticleDto })
  publish(@Param('id', articleIdPipe) id: number, @Body() body: PublishArticleDto, @CurrentStaff() staff: StaffPrincipal): Promise<ArticleDto> {
    return this.articles.publish(id, body.version, staff);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: ArticleDto })
  archive(@Param('id', articleIdPipe) id: number, @CurrentStaff() staff: StaffPrincipal): Promise<ArticleDto> {
    return this.articles.archive(id, staff);
  }

  /** Every version, newest first, with who changed it and why. */
  @Get(':id/versions')
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: [ArticleVersionDto] })
  versions(@Param('id', articleIdPipe) id: number, @CurrentStaff() staff: StaffPrincipal): Promise<ArticleVersionDto[]> {
    return this.articles.versions(id, staff);
  }

  /** What changed in a version: the fields that differ and the body line by line, against `against` (default the version before). */
  @Get(':id/versions/:version/diff')
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: VersionDiffDto })
  diff(
    @Param('id', articleIdPipe) id: number,
    @Param('version', versionPipe) version: number,
    @Query() query: DiffQuery,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<VersionDiffDto> {
    return this.articles.diff(id, version, query.against, staff);
  }

  /** 有帮助 / 没帮助: the reader's verdict (rating again changes it) and the article's counts. */
  @Put(':id/rating')
  @Roles(...KNOWLEDGE_READERS)
  @ApiOkResponse({ type: RatingDto })
  rate(@Param('id', articleIdPipe) id: number, @Body() body: RateArticleDto, @CurrentStaff() staff: StaffPrincipal): Promise<RatingDto> {
    return this.articles.rate(id, body.helpful, staff);
  }

  /** A document or picture (base64 JSON), archived as work orders' attachments are. */
  @Post(':id/attachments')
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: ArticleAttachmentView })
  addAttachment(@Param('id', articleIdPipe) id: number, @Body() body: AttachmentDto, @CurrentStaff() staff: StaffPrincipal): Promise<ArticleAttachmentView> {
    return this.attachments.add(id, body, staff);
  }

  @Get(':id/attachments/:attachmentId')
  @Roles(...KNOWLEDGE_READERS)
  async attachment(
    @Param('id', articleIdPipe) id: number,
    @Param('attachmentId', attachmentIdPipe) attachmentId: number,
    @CurrentStaff() staff: StaffPrincipal,
  ): Promise<StreamableFile> {
    const { row, data } = await this.attachments.read(id, attachmentId, staff);
    return new StreamableFile(data, { type: row.contentType, disposition: `inline; filename="${encodeURIComponent(row.originalName)}"`, length: data.length });
  }
}
