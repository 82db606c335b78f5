import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CursorPageQuery } from '../../http/cursor-page.dto';
import { BooleanQuery, Optional } from '../../http/validation';
import { CATEGORY, CATEGORY_MESSAGE } from '../../work-orders/dtos/work-order.dto';
import { QUEUE_CODE } from '../../telephony/calls/dtos/calls.dto';
import { ARTICLE_STATUSES, type ArticleStatus, KNOWLEDGE_CATEGORIES, type KnowledgeCategory } from '../knowledge-categories';

/** A tag: 1–24 characters, no comma or LIKE wildcard (tags are kept as one `,a,b,` column). */
export const TAG = /^[^,%_!\s][^,%_!]{0,23}$/;
const TAG_MESSAGE = 'each tag must be 1–24 characters without , % _ or ! (e.g. 价保, 618)';
const QUEUE_MESSAGE = 'each queue must be a queue code (2–32 characters of a-z, 0-9, _ or -, starting with a letter)';

/** What a supervisor writes: every field of an article's version. */
export class ArticleContentDto {
  @IsString()
  @Length(1, 200)
  title: string;

  @IsIn(KNOWLEDGE_CATEGORIES, { message: `category must be one of: ${KNOWLEDGE_CATEGORIES.join(', ')}` })
  category: KnowledgeCategory;

  @IsString()
  @Length(1, 20000)
  body: string;

  @Optional()
  @IsArray()
  @ArrayMaxSize(12)
  @Matches(TAG, { each: true, message: TAG_MESSAGE })
  tags?: string[];

  /** Queue codes the article serves (suggested beside their calls). */
  @Optional()
  @IsArray()
  @ArrayMaxSize(12)
  @Matches(QUEUE_CODE, { each: true, message: QUEUE_MESSAGE })
  queues?: string[];

  /** Work-order categories the article serves. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(12)
  @Matches(CATEGORY, { each: true, message: `each of workOrderCategories: ${CATEGORY_MESSAGE}` })
  workOrderCategories?: string[];

  /** Shown from (ISO 8601); absent or null: at once. */
  @Optional({ nullable: true })
  @IsISO8601({ strict: true })
  validFrom?: string | null;

  /** Shown until (exclusive, ISO 8601); absent or null: with no end. */
  @Optional({ nullable: true })
  @IsISO8601({ strict: true })
  validUntil?: string | null;

  /** Why it changed (kept with the version). */
  @Optional()
  @IsString()
  @Length(1, 500)
  changeNote?: string;
}

/** A new version of an article: a draft until published. */
export class ReviseArticleDto extends ArticleContentDto {
  /** The latest version the editor started from; another in between → 409. */
  @Optional()
  @IsInt()
  @Min(1)
  baseVersion?: number;
}

export class PublishArticleDto {
  /** The version to publish; default the latest. */
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListArticlesQuery extends CursorPageQuery {
  /** Words to find in the title, body or tags. */
  @Optional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @Optional()
  @IsIn(KNOWLEDGE_CATEGORIES, { message: `category must be one of: ${KNOWLEDGE_CATEGORIES.join(', ')}` })
  category?: KnowledgeCategory;

  @Optional()
  @Matches(TAG, { message: TAG_MESSAGE.replace('each tag', 'tag') })
  tag?: string;

  @Optional()
  @Matches(QUEUE_CODE, { message: QUEUE_MESSAGE.replace('each queue', 'queue') })
  queue?: string;

  /** Supervisors only: drafts, archived articles and those outside their validity too. */
  @Optional()
  @BooleanQuery()
  all?: boolean;

  /** Supervisors only: one status. */
  @Optional()
  @IsIn(ARTICLE_STATUSES)
  status?: ArticleStatus;
}

export class SuggestionsQuery {
  /** The call's queue. */
  @Optional()
  @Matches(QUEUE_CODE, { message: QUEUE_MESSAGE.replace('each queue', 'queue') })
  queue?: string;

  /** The work order's category. */
  @Optional()
  @Matches(CATEGORY, { message: CATEGORY_MESSAGE })
  category?: string;

  /** Up to 1–20 articles (default 5). */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit?: number;
}

export class RateArticleDto {
  /** 有帮助 (true) or 没帮助 (false). */
  @IsBoolean()
  helpful: boolean;
}

export class SuggestCorrectionDto {
  @IsString()
  @Length(1, 2000)
  text: string;
}

export class ResolveCorrectionDto {
  @IsIn(['accepted', 'rejected'])
  status: 'accepted' | 'rejected';

  @Optional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ListCorrectionsQuery extends CursorPageQuery {
  @Optional()
  @IsIn(['open', 'accepted', 'rejected'])
  status?: 'open' | 'accepted' | 'rejected';
}

export class DiffQuery {
  /** The version compared against; default the one before. */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  against?: number;
}
