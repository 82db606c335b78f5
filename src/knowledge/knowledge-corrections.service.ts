import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { correctionOf } from './article-view';
import type { ListCorrectionsQuery, ResolveCorrectionDto } from './dtos/article.dto';
import type { CorrectionDto, CorrectionPage } from './dtos/article-view.dto';
import { KnowledgeArticle } from './knowledge-article.entity';
import { KnowledgeArticlesService } from './knowledge-articles.service';
import { KnowledgeCorrection } from './knowledge-correction.entity';

const DEFAULT_PAGE = 50;

/** Corrections agents suggest on what they read (纠错); a supervisor accepts (and revises the article) or rejects each. */
@Injectable()
export class KnowledgeCorrectionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly articles: KnowledgeArticlesService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async suggest(articleId: number, text: string, principal: StaffPrincipal): Promise<CorrectionDto> {
    return this.tx.run(async (tx) => {
      const article = await this.articles.visible(tx, articleId, principal);
      const row = await tx.save(
        KnowledgeCorrection,
        tx.create(KnowledgeCorrection, {
          articleId,
          articleVersion: article.publishedVersion,
          text,
          status: 'open',
          byJobNumber: principal.jobNumber,
          createdAt: new Date(this.clock.now()),
          resolvedByJobNumber: null,
          resolvedAt: null,
          resolutionNote: null,
        }),
      );
      return correctionOf(row, article.title);
    });
  }

  /** Newest first; `status` narrows (the supervisor's work list is `open`). */
  async list(query: ListCorrectionsQuery, articleId?: number): Promise<CorrectionPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const qb = this.db.getRepository(KnowledgeCorrection).createQueryBuilder('c');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (articleId !== undefined) qb.andWhere('c.articleId = :articleId', { articleId });
    if (query.cursor) qb.andWhere('c.id < :before', { before: decodeCursor('kc:', query.cursor, 1)[0] });
    const rows = await qb
      .orderBy('c.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const titles = await this.titles(page.map((c) => c.articleId));
    return {
      items: page.map((c) => correctionOf(c, titles.get(c.articleId) ?? '')),
      nextCursor: rows.length > limit ? encodeCursor('kc:', page[page.length - 1].id) : null,
    };
  }

  async resolve(id: number, input: ResolveCorrectionDto, principal: StaffPrincipal): Promise<CorrectionDto> {
    return this.tx.run(async (tx) => {
      const row = await tx.findOneBy(KnowledgeCorrection, { id });
      if (!row) throw new NotFoundException(`No correction ${id}`);
      if (row.status !== 'open') throw new ConflictException(`Correction ${id} is already ${row.status} by ${row.resolvedByJobNumber}`);
      const now = new Date(this.clock.now());
      const resolved = { status: input.status, resolvedByJobNumber: principal.jobNumber, resolvedAt: now, resolutionNote: input.note ?? null };
      // Only an open one moves: two supervisors resolving at once, one wins.
      const result = await tx.update(KnowledgeCorrection, { id, status: 'open' }, resolved);
      if (!result.affected) throw new ConflictException(`Correction ${id} was resolved meanwhile`);
      const article = await tx.findOneByOrFail(KnowledgeArticle, { id: row.articleId });
      return correctionOf({ ...row, ...resolved }, article.title);
    });
  }

  private async titles(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.getRepository(KnowledgeArticle).find({ select: { id: true, title: true }, where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((a) => [a.id, a.title]));
  }
}
