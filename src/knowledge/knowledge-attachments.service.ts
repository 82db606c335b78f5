import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { ATTACHMENT_EXTENSIONS, archiveAttachment } from '../work-orders/attachment-archive';
import type { AttachmentDto } from '../work-orders/dtos/work-order.dto';
import type { ArticleAttachmentView } from './dtos/article-view.dto';
import { KnowledgeArticlesService } from './knowledge-articles.service';
import { KnowledgeAttachment } from './knowledge-attachment.entity';

/** Documents and pictures on articles (a policy's PDF, a promotion's poster), archived beside work orders' under ATTACHMENTS_DIR/knowledge. */
@Injectable()
export class KnowledgeAttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly config: ConfigVariables,
    private readonly articles: KnowledgeArticlesService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async add(articleId: number, input: AttachmentDto, principal: StaffPrincipal): Promise<ArticleAttachmentView> {
    const data = Buffer.from(input.dataBase64, 'base64');
    if (data.length === 0) throw new BadRequestException('dataBase64 holds no data');
    let written: string | null = null;
    try {
      const row = await this.tx.run(async (tx) => {
        await this.articles.visible(tx, articleId, principal);
        const count = await tx.countBy(KnowledgeAttachment, { articleId });
        const extension = ATTACHMENT_EXTENSIONS[input.contentType];
        // Written before commit: a failed write keeps no row; a failed commit removes the file below.
        const storedPath = await archiveAttachment(
          this.config.ATTACHMENTS_DIR,
          (n) => join('knowledge', String(articleId), `${articleId}-${n}.${extension}`),
          count + 1,
          data,
        );
        written = join(this.config.ATTACHMENTS_DIR, storedPath);
        return tx.save(
          KnowledgeAttachment,
          tx.create(KnowledgeAttachment, {
            articleId,
            storedPath,
            originalName: input.fileName,
            contentType: input.contentType,
            sizeBytes: data.length,
            sha256: createHash('sha256').update(data).digest('hex'),
            uploadedByJobNumber: principal.jobNumber,
            uploadedAt: new Date(this.clock.now()),
          }),
        );
      });
      return {
        id: row.id,
        fileName: row.originalName,
        contentType: row.contentType,
        sizeBytes: row.sizeBytes,
        sha256: row.sha256,
        uploadedBy: row.uploadedByJobNumber,
        uploadedAt: row.uploadedAt,
      };
    } catch (error) {
      if (written) await rm(written, { force: true });
      throw error;
    }
  }

  async read(articleId: number, id: number, principal: StaffPrincipal): Promise<{ row: KnowledgeAttachment; data: Buffer }> {
    await this.articles.visible(this.db.manager, articleId, principal);
    const row = await this.db.getRepository(KnowledgeAttachment).findOneBy({ id, articleId });
    if (!row) throw new NotFoundException(`No attachment ${id} on article ${articleId}`);
    return { row, data: await readFile(join(this.config.ATTACHMENTS_DIR, row.storedPath)) };
  }
}
