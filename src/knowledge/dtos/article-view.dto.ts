import { SearchMatchDto } from '../../search/dtos/search-match.dto';
import { ApiProperty } from '@nestjs/swagger';
import { ARTICLE_STATUSES, type ArticleStatus, KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from '../knowledge-categories';
import { CORRECTION_STATUSES, type CorrectionStatus } from '../knowledge-correction.entity';
import { COMPARED_FIELDS, type ComparedField } from '../article-rules';

/* The knowledge routes' answers as OpenAPI describes them. */

export class ArticleContentView {
  title: string;
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES })
  category: KnowledgeCategory;
  body: string;
  tags: string[];
  queues: string[];
  workOrderCategories: string[];
  validFrom: Date | null;
  validUntil: Date | null;
}

/** An article in a list: its published content (a draft's for a supervisor's never-published article). */
export class ArticleSummaryDto {
  id: number;
  title: string;
  @ApiProperty({ enum: KNOWLEDGE_CATEGORIES })
  category: KnowledgeCategory;
  tags: string[];
  queues: string[];
  workOrderCategories: string[];
  validFrom: Date | null;
  validUntil: Date | null;
  @ApiProperty({ enum: ARTICLE_STATUSES })
  status: ArticleStatus;
  publishedVersion: number | null;
  latestVersion: number;
  /** Shown to agents now (published and within its validity). */
  live: boolean;
  helpfulCount: number;
  notHelpfulCount: number;
  updatedAt: Date;
  /** The first lines of the body. */
  excerpt: string;
  /** In the answer to a search (`q`): where the article holds the words, with them marked. */
  match?: SearchMatchDto | null;
}

export class ArticlePage {
  items: ArticleSummaryDto[];
  nextCursor: string | null;
}

export class ArticleAttachmentView {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
}

/** One article: what agents read, and for supervisors the newer draft. */
export class ArticleDto extends ArticleSummaryDto {
  body: string;
  /** The reader's own rating, if any. */
  myRating: boolean | null;
  attachments: ArticleAttachmentView[];
  /** Supervisors: the latest version when it is a draft not yet published. */
  draft: ArticleContentView | null;
}

export class ArticleVersionDto extends ArticleContentView {
  version: number;
  changeNote: string | null;
  changedBy: string;
  createdAt: Date;
  publishedAt: Date | null;
  publishedBy: string | null;
  /** The version agents read now. */
  current: boolean;
}

export class FieldChangeDto {
  @ApiProperty({ enum: COMPARED_FIELDS })
  field: ComparedField;
  before: string;
  after: string;
}

export class BodyPartDto {
  @ApiProperty({ enum: ['added', 'removed', 'same'] })
  change: 'added' | 'removed' | 'same';
  text: string;
}

export class VersionDiffDto {
  from: number;
  to: number;
  fields: FieldChangeDto[];
  body: BodyPartDto[];
}

export class CorrectionDto {
  id: number;
  articleId: number;
  articleTitle: string;
  articleVersion: number | null;
  text: string;
  @ApiProperty({ enum: CORRECTION_STATUSES })
  status: CorrectionStatus;
  by: string;
  createdAt: Date;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
}

export class CorrectionPage {
  items: CorrectionDto[];
  nextCursor: string | null;
}

export class RatingDto {
  helpful: boolean;
  helpfulCount: number;
  notHelpfulCount: number;
}
