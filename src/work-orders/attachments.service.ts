import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { ConfigVariables } from '../../config/config-variables';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { TransactionRunner } from '../database/transaction-runner';
import { AttachmentDto } from './dtos/work-order.dto';
import { ATTACHMENT_EXTENSIONS, archiveAttachment } from './attachment-archive';
import { WorkOrderAttachment } from './work-order-attachment.entity';
import { WorkOrdersService } from './work-orders.service';
import { DomainError } from '../http/errors/domain-error';
import { changedEvent, WorkOrderChanged } from './work-order-events.service';

export interface AttachmentView {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  archivedAs: string;
  uploadedAt: Date;
}

/**
 * Photos and documents on work orders, archived per customer and named by the customer's ID
 * (seed 000: 售后问题图片存档, 图片名改为客户ID以备查询): `<customerId>/<customerId>-<order number>-<n>.<ext>`.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
    private readonly workOrders: WorkOrdersService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async add(number: string, input: AttachmentDto, principal: StaffPrincipal): Promise<AttachmentView> {
    const data = Buffer.from(input.dataBase64, 'base64');
    if (data.length === 0) throw new BadRequestException('dataBase64 holds no data');
    const sha256 = createHash('sha256').update(data).digest('hex');
    let written: string | null = null;
    let changed: WorkOrderChanged | undefined;
    try {
      const saved = await this.tx.run(async (tx) => {
        const order = await this.workOrders.findVisible(tx, number, principal);
        const count = await tx.countBy(WorkOrderAttachment, { workOrderId: order.id });
        // Written before commit: a failed write keeps no row; a failed commit removes the file below.
        const extension = ATTACHMENT_EXTENSIONS[input.contentType];
        const storedPath = await archiveAttachment(
          this.config.ATTACHMENTS_DIR,
          (n) => join(String(order.customerId), `${order.customerId}-${order.number}-${n}.${extension}`),
          count + 1,
          data,
        );
        written = join(this.config.ATTACHMENTS_DIR, storedPath);
        const now = new Date(this.clock.now());
        const row = await tx.save(
          WorkOrderAttachment,
          tx.create(WorkOrderAttachment, {
            workOrderId: order.id,
            customerId: order.customerId,
            storedPath,
            originalName: input.fileName,
            contentType: input.contentType,
            sizeBytes: data.length,
            sha256,
            uploadedById: principal.staffId,
            uploadedAt: now,
          }),
        );
        await this.workOrders.audit(tx, order.id, 'attach', principal, now, null, { attachmentId: row.id, fileName: input.fileName, sha256 }, null);
        changed = changedEvent(order, 'attach', now);
        return row;
      });
      this.workOrders.publishChanged(changed);
      return view(saved);
    } catch (error) {
      if (written) await rm(written, { force: true });
      throw error;
    }
  }

  async list(number: string, principal: StaffPrincipal): Promise<AttachmentView[]> {
    const order = await this.workOrders.findVisible(this.db.manager, number, principal);
    return (await this.db.getRepository(WorkOrderAttachment).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } })).map(view);
  }

  async read(number: string, id: number, principal: StaffPrincipal): Promise<{ row: WorkOrderAttachment; data: Buffer }> {
    const order = await this.workOrders.findVisible(this.db.manager, number, principal);
    const row = await this.db.getRepository(WorkOrderAttachment).findOneBy({ id, workOrderId: order.id });
    if (!row) throw new DomainError('attachment.not_found', { number, attachmentId: id }, `No attachment ${id} on work order ${number}`);
    return { row, data: await readFile(join(this.config.ATTACHMENTS_DIR, row.storedPath)) };
  }
}

function view(a: WorkOrderAttachment): AttachmentView {
  return {
    id: a.id,
    fileName: a.originalName,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    archivedAs: a.storedPath,
    uploadedAt: a.uploadedAt,
  };
}
