import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { CallQueue } from '../routing/call-queue.entity';
import { diffVersions, isLive, rankSuggestions } from './article-rules';
import { contentOf, summaryOf, versionOf } from './article-view';
import type { ArticleContentDto, ListArticlesQuery, ReviseArticleDto, SuggestionsQuery } from './dtos/article.dto';
import type { ArticleDto, ArticlePage, ArticleSummaryDto, ArticleVersionDto, RatingDto, VersionDiffDto } from './dtos/article-view.dto';
import { memberPattern } from './delimited-list';
import { KnowledgeArticleVersion } from './knowledge-article-version.entity';
import { KnowledgeArticle } from './knowledge-article.entity';
import { KnowledgeAttachment } from './knowledge-attachment.entity';
import { isKnowledgeEditor } from './knowledge-readers';
import { KnowledgeRating } from './knowledge-rating.entity';
import { KnowledgeSearch } from './knowledge-search';
import { articleDocument } from './indexed-knowledge-search';
import { firstMatch } from '../search/search-highlight';
import { SearchIndexService } from '../search/search-index.service';

const DEFAULT_PAGE = 50;
const DEFAULT_SUGGESTIONS = 5;
/** Live articles serving a queue or category read before ranking; a knowledge base has tens per queue, not thousands. */
const SUGGESTION_POOL = 200;

/**
 * The knowledge base (知识库): supervisors write versions (each whole, with who and why), publish one,
 * archive; agents read what is published and within its validity (a promotion only while it runs, by
 * APP_CLOCK) and rate it. Beside a call, articles serving its queue and the order's category are suggested.
 */
@Injectable()
export class KnowledgeArticlesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly search: KnowledgeSearch,
    private readonly searchIndex: SearchIndexService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  async list(query: ListArticlesQuery, principal: StaffPrincipal): Promise<ArticlePage> {
    const now = this.now();
    const editor = isKnowledgeEditor(principal);
    const limit = query.limit ?? DEFAULT_PAGE;
    let qb = this.db.getRepository(KnowledgeArticle).createQueryBuilder('a');
    if (editor && (query.all || query.status)) {
      if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    } else {
      this.whereLive(qb, now);
    }
    if (query.category) qb.andWhere('a.category = :category', { category: query.category });
    if (query.tag) qb.andWhere('a.tags LIKE :tag', { tag: memberPattern(query.tag) });
    if (query.queue) qb.andWhere('a.queues LIKE :queue', { queue: memberPattern(query.queue) });
    if (query.cursor) qb.andWhere('a.id < :before', { before: decodeCursor('ka:', query.cursor, 1)[0] });
    if (query.q) qb = await this.search.apply(qb, query.q);
    const rows = await qb
      .orderBy('a.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    // With words to find: each article's snippet, the words marked (title, then tags, then body).
    const q = query.q;
    const withMatch = (a: KnowledgeArticle) =>
      q
        ? {
            ...summaryOf(a, now),
            match: firstMatch(
              [
                { field: 'title', text: a.title },
                { field: 'tags', text: a.tags.join(' ') },
                { field: 'body', text: a.body },
              ],
              q,
            ),
          }
        : summaryOf(a, now);
    return { items: page.map(withMatch), nextCursor: rows.length > limit ? encodeCursor('ka:', page[page.length - 1].id) : null };
  }

  /** Published and shown at `now`. */
  private whereLive(qb: SelectQueryBuilder<KnowledgeArticle>, now: Date): void {
    qb.andWhere("a.status = 'published'")
      .andWhere(new Brackets((w) => w.where('a.validFrom IS NULL').orWhere('a.validFrom <= :now', { now })))
      .andWhere(new Brackets((w) => w.where('a.validUntil IS NULL').orWhere('a.validUntil > :now', { now })));
  }

  /** Articles to show beside a call: live, serving the call's queue or the order's category, best first. */
  async suggestions(query: SuggestionsQuery): Promise<ArticleSummaryDto[]> {
    if (!query.queue && !query.category) throw new BadRequestException('give queue (the call’s queue) or category (the work order’s category), or both');
    const now = this.now();
    const qb = this.db.getRepository(KnowledgeArticle).createQueryBuilder('a');
    this.whereLive(qb, now);
    qb.andWhere(
      new Brackets((w) => {
        if (query.queue) w.orWhere('a.queues LIKE :queue', { queue: memberPattern(query.queue) });
        if (query.category) w.orWhere('a.workOrderCategories LIKE :category', { category: memberPattern(query.category) });
      }),
    );
    const pool = await qb.orderBy('a.updatedAt', 'DESC').take(SUGGESTION_POOL).getMany();
    return rankSuggestions(pool, query, query.limit ?? DEFAULT_SUGGESTIONS).map((a) => summaryOf(a, now));
  }

  async get(id: number, principal: StaffPrincipal): Promise<ArticleDto> {
    const now = this.now();
    const article = await this.visible(this.db.manager, id, principal, now);
    const [rating, attachments, draft] = await Promise.all([
      this.db.getRepository(KnowledgeRating).findOneBy({ articleId: id, staffId: principal.staffId }),
      this.db.getRepository(KnowledgeAttachment).find({ where: { articleId: id }, order: { id: 'ASC' } }),
      isKnowledgeEditor(principal) && article.latestVersion > (article.publishedVersion ?? 0)
        ? this.db.getRepository(KnowledgeArticleVersion).findOneByOrFail({ articleId: id, version: article.latestVersion })
        : null,
    ]);
    return {
      ...summaryOf(article, now),
      body: article.body,
      myRating: rating?.helpful ?? null,
      attachments: attachments.map((f) => ({
        id: f.id,
        fileName: f.originalName,
        contentType: f.contentType,
        sizeBytes: f.sizeBytes,
        sha256: f.sha256,
        uploadedBy: f.uploadedByJobNumber,
        uploadedAt: f.uploadedAt,
      })),
      draft: draft ? contentOf(draft) : null,
    };
  }

  /** The article if this reader may see it now: editors see every article; others the published ones within their validity. */
  async visible(manager: EntityManager, id: number, principal: StaffPrincipal, now = this.now()): Promise<KnowledgeArticle> {
    const article = await manager.findOneBy(KnowledgeArticle, { id });
    if (!article || (!isKnowledgeEditor(principal) && (article.status !== 'published' || !isLive(article, now))))
      throw new NotFoundException(`No article ${id} in the knowledge base`);
    return article;
  }

  /** A new article: version 1, a draft until published. */
  async create(input: ArticleContentDto, principal: StaffPrincipal): Promise<ArticleDto> {
    const content = await this.checked(input);
    const id = await this.tx.run(async (tx) => {
      const now = this.now();
      const article = await tx.save(
        KnowledgeArticle,
        tx.create(KnowledgeArticle, {
          ...content,
          status: 'draft',
          publishedVersion: null,
          latestVersion: 1,
          createdAt: now,
          updatedAt: now,
          publishedAt: null,
        }),
      );
      await tx.save(KnowledgeArticleVersion, this.newVersion(tx, article.id, 1, content, input.changeNote, principal, now));
      await this.reindex(tx, article.id);
      return article.id;
    });
    return this.get(id, principal);
  }

  /** A new version. Agents keep reading the published one until this is published; an article never published shows the draft to editors. */
  async revise(id: number, input: ReviseArticleDto, principal: StaffPrincipal): Promise<ArticleDto> {
    const content = await this.checked(input);
    await this.tx.run(async (tx) => {
      const now = this.now();
      const article = await this.locked(tx, id);
      if (input.baseVersion !== undefined && input.baseVersion !== article.latestVersion)
        throw new ConflictException(`Article ${id} is at version ${article.latestVersion}, not ${input.baseVersion}: read it again before changing it`);
      const version = article.latestVersion + 1;
      await tx.save(KnowledgeArticleVersion, this.newVersion(tx, id, version, content, input.changeNote, principal, now));
      await tx.update(KnowledgeArticle, { id }, { latestVersion: version, updatedAt: now, ...(article.publishedVersion === null ? content : {}) });
      if (article.publishedVersion === null) await this.reindex(tx, id);
    });
    return this.get(id, principal);
  }

  /** Publishes a version (default the latest): its content becomes what agents read. */
  async publish(id: number, requested: number | undefined, principal: StaffPrincipal): Promise<ArticleDto> {
    await this.tx.run(async (tx) => {
      const now = this.now();
      const article = await this.locked(tx, id);
      const version = await tx.findOneBy(KnowledgeArticleVersion, { articleId: id, version: requested ?? article.latestVersion });
      if (!version) throw new NotFoundException(`Article ${id} has no version ${requested}`);
      if (article.status === 'published' && article.publishedVersion === version.version)
        throw new ConflictException(`Version ${version.version} of article ${id} is already published`);
      await tx.update(
        KnowledgeArticle,
        { id },
        { ...contentOf(version), status: 'published', publishedVersion: version.version, publishedAt: now, updatedAt: now },
      );
      await tx.update(KnowledgeArticleVersion, { id: version.id }, { publishedAt: now, publishedByJobNumber: principal.jobNumber });
      await this.reindex(tx, id);
    });
    return this.get(id, principal);
  }

  /** Withdrawn from agents (an expired policy); publishing a version again brings it back. */
  async archive(id: number, principal: StaffPrincipal): Promise<ArticleDto> {
    await this.tx.run(async (tx) => {
      const article = await this.locked(tx, id);
      if (article.status === 'archived') throw new ConflictException(`Article ${id} is already archived`);
      await tx.update(KnowledgeArticle, { id }, { status: 'archived', updatedAt: this.now() });
    });
    return this.get(id, principal);
  }

  async versions(id: number, principal: StaffPrincipal): Promise<ArticleVersionDto[]> {
    const article = await this.visible(this.db.manager, id, principal);
    const rows = await this.db.getRepository(KnowledgeArticleVersion).find({ where: { articleId: id }, order: { version: 'DESC' } });
    return rows.map((v) => versionOf(v, article.publishedVersion));
  }

  /** What changed between two versions (default: from the one before). */
  async diff(id: number, version: number, against: number | undefined, principal: StaffPrincipal): Promise<VersionDiffDto> {
    await this.visible(this.db.manager, id, principal);
    const from = against ?? version - 1;
    if (from < 1) throw new BadRequestException(`version ${version} is the first: give against (another version) to compare it with`);
    const rows = await this.db.getRepository(KnowledgeArticleVersion).findBy({ articleId: id, version: In([from, version]) });
    const before = rows.find((v) => v.version === from);
    const after = rows.find((v) => v.version === version);
    if (!before || !after) throw new NotFoundException(`Article ${id} has no version ${!after ? version : from}`);
    return { from, to: version, ...diffVersions(before, after) };
  }

  /** 有帮助 / 没帮助: one verdict per reader, changed by rating again; the counts are recounted in the same transaction. */
  async rate(id: number, helpful: boolean, principal: StaffPrincipal): Promise<RatingDto> {
    return this.tx.run(async (tx) => {
      await this.visible(tx, id, principal);
      const now = this.now();
      const existing = await tx.findOneBy(KnowledgeRating, { articleId: id, staffId: principal.staffId });
      if (existing) await tx.update(KnowledgeRating, { id: existing.id }, { helpful, at: now });
      else await tx.insert(KnowledgeRating, { articleId: id, staffId: principal.staffId, helpful, at: now });
      const [helpfulCount, notHelpfulCount] = await Promise.all([
        tx.countBy(KnowledgeRating, { articleId: id, helpful: true }),
        tx.countBy(KnowledgeRating, { articleId: id, helpful: false }),
      ]);
      await tx.update(KnowledgeArticle, { id }, { helpfulCount, notHelpfulCount });
      return { helpful, helpfulCount, notHelpfulCount };
    });
  }

  /** The article's search postings from the content its row holds now (what the list shows and searches), in the write's transaction. */
  private async reindex(tx: EntityManager, id: number): Promise<void> {
    await this.searchIndex.replace(tx, 'article', articleDocument(await tx.findOneByOrFail(KnowledgeArticle, { id })));
  }

  private async locked(tx: EntityManager, id: number): Promise<KnowledgeArticle> {
    // The row lock orders two editors' versions on MySQL; SQLite's transactions are queued (TransactionRunner).
    const qb = tx.getRepository(KnowledgeArticle).createQueryBuilder('a').where('a.id = :id', { id });
    const article = await (this.tx.engine === 'mysql' ? qb.setLock('pessimistic_write') : qb).getOne();
    if (!article) throw new NotFoundException(`No article ${id} in the knowledge base`);
    return article;
  }

  private newVersion(
    tx: EntityManager,
    articleId: number,
    version: number,
    content: Omit<
      KnowledgeArticleVersion,
      'id' | 'articleId' | 'version' | 'changeNote' | 'changedByJobNumber' | 'createdAt' | 'publishedAt' | 'publishedByJobNumber'
    >,
    changeNote: string | undefined,
    principal: StaffPrincipal,
    now: Date,
  ): KnowledgeArticleVersion {
    return tx.create(KnowledgeArticleVersion, {
      articleId,
      version,
      ...content,
      changeNote: changeNote ?? null,
      changedByJobNumber: principal.jobNumber,
      createdAt: now,
      publishedAt: null,
      publishedByJobNumber: null,
    });
  }

  /** The content as stored, after the checks the DTO cannot make: a validity that ends after it starts, queues that exist. */
  private async checked(input: ArticleContentDto) {
    const validFrom = input.validFrom ? new Date(input.validFrom) : null;
    const validUntil = input.validUntil ? new Date(input.validUntil) : null;
    if (validFrom && validUntil && validUntil.getTime() <= validFrom.getTime()) throw new BadRequestException('validUntil must be after validFrom');
    const queues = [...new Set(input.queues ?? [])];
    if (queues.length) {
      const known = new Set((await this.db.getRepository(CallQueue).findBy({ code: In(queues) })).map((q) => q.code));
      const unknown = queues.filter((q) => !known.has(q));
      if (unknown.length) throw new BadRequestException(`queues: no queue ${unknown.join(', ')}`);
    }
    return {
      title: input.title,
      category: input.category,
      body: input.body,
      tags: [...new Set(input.tags ?? [])],
      queues,
      workOrderCategories: [...new Set(input.workOrderCategories ?? [])],
      validFrom,
      validUntil,
    };
  }
}
