import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, StaffPrincipal } from '../auth/auth.decorators';
import { ListCorrectionsQuery, ResolveCorrectionDto, SuggestCorrectionDto } from './dtos/article.dto';
import { CorrectionDto, CorrectionPage } from './dtos/article-view.dto';
import { articleIdPipe, correctionIdPipe } from './id-pipes';
import { KnowledgeCorrectionsService } from './knowledge-corrections.service';
import { KNOWLEDGE_EDITORS, KNOWLEDGE_READERS } from './knowledge-readers';

/** Corrections suggested by readers (纠错建议), and the supervisors' work list of them. */
@ApiTags('knowledge')
@ApiBearerAuth()
@Controller('knowledge')
export class KnowledgeCorrectionsController {
  constructor(private readonly corrections: KnowledgeCorrectionsService) {}

  /** A reader suggests a correction to what they read. */
  @Post('articles/:id/corrections')
  @Roles(...KNOWLEDGE_READERS)
  @ApiOkResponse({ type: CorrectionDto })
  suggest(@Param('id', articleIdPipe) id: number, @Body() body: SuggestCorrectionDto, @CurrentStaff() staff: StaffPrincipal): Promise<CorrectionDto> {
    return this.corrections.suggest(id, body.text, staff);
  }

  /** Every suggested correction, newest first; `status=open` is the supervisor's work list. */
  @Get('corrections')
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: CorrectionPage })
  list(@Query() query: ListCorrectionsQuery): Promise<CorrectionPage> {
    return this.corrections.list(query);
  }

  /** Accepted (revise the article as a new version) or rejected, with a note; 409 when already resolved. */
  @Post('corrections/:id/resolve')
  @HttpCode(200)
  @Roles(...KNOWLEDGE_EDITORS)
  @ApiOkResponse({ type: CorrectionDto })
  resolve(@Param('id', correctionIdPipe) id: number, @Body() body: ResolveCorrectionDto, @CurrentStaff() staff: StaffPrincipal): Promise<CorrectionDto> {
    return this.corrections.resolve(id, body, staff);
  }
}
