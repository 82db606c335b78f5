import type { ArticleContentView, ArticleSummaryDto, ArticleVersionDto, CorrectionDto } from './dtos/article-view.dto';
import { isLive } from './article-rules';
import type { KnowledgeArticleVersion } from './knowledge-article-version.entity';
import type { KnowledgeArticle } from './knowledge-article.entity';
import type { KnowledgeCorrection } from './knowledge-correction.entity';

const EXCERPT_CHARS = 120;

export function summaryOf(a: KnowledgeArticle, now: Date): ArticleSummaryDto {
  return {
    id: a.id,
    title: a.title,
    category: a.category,
    tags: a.tags,
    queues: a.queues,
    workOrderCategories: a.workOrderCategories,
    validFrom: a.validFrom,
    validUntil: a.validUntil,
    status: a.status,
    publishedVersion: a.publishedVersion,
    latestVersion: a.latestVersion,
    live: a.status === 'published' && isLive(a, now),
    helpfulCount: a.helpfulCount,
    notHelpfulCount: a.notHelpfulCount,
    updatedAt: a.updatedAt,
    excerpt: a.body.length > EXCERPT_CHARS ? `${a.body.slice(0, EXCERPT_CHARS)}…` : a.body,
  };
}

export function contentOf(v: KnowledgeArticleVersion | KnowledgeArticle): ArticleContentView {
  return {
    title: v.title,
    category: v.category,
    body: v.body,
    tags: v.tags,
    queues: v.queues,
    workOrderCategories: v.workOrderCategories,
    validFrom: v.validFrom,
    validUntil: v.validUntil,
  };
}

export function versionOf(v: KnowledgeArticleVersion, publishedVersion: number | null): ArticleVersionDto {
  return {
    ...contentOf(v),
    version: v.version,
    changeNote: v.changeNote,
    changedBy: v.changedByJobNumber,
    createdAt: v.createdAt,
    publishedAt: v.publishedAt,
    publishedBy: v.publishedByJobNumber,
    current: v.version === publishedVersion,
  };
}

export function correctionOf(c: KnowledgeCorrection, articleTitle: string): CorrectionDto {
  return {
    id: c.id,
    articleId: c.articleId,
    articleTitle,
    articleVersion: c.articleVersion,
    text: c.text,
    status: c.status,
    by: c.byJobNumber,
    createdAt: c.createdAt,
    resolvedBy: c.resolvedByJobNumber,
    resolvedAt: c.resolvedAt,
    resolutionNote: c.resolutionNote,
  };
}
