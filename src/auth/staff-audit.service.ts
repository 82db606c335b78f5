import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { StaffAuditEntryDto, StaffAuditPageDto, StaffAuditQuery } from './dtos/staff-lifecycle.dto';
import { StaffAudit, StaffAuditAction } from './staff-audit.entity';

export interface StaffAuditDraft {
  action: StaffAuditAction;
  subjectJobNumber: string;
  actorJobNumber: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason?: string | null;
}

/** The audit of staff accounts: written in the transaction of each change, listed for admins. */
@Injectable()
export class StaffAuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async record(tx: EntityManager, draft: StaffAuditDraft): Promise<void> {
    await tx.save(StaffAudit, tx.create(StaffAudit, { ...draft, reason: draft.reason ?? null, at: new Date(this.clock.now()) }));
  }

  /** Newest first. */
  async list(query: StaffAuditQuery): Promise<StaffAuditPageDto> {
    const limit = query.limit ?? 20;
    const qb = this.db
      .getRepository(StaffAudit)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .take(limit + 1);
    if (query.jobNumber) qb.andWhere('a.subjectJobNumber = :jobNumber', { jobNumber: query.jobNumber });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.cursor) qb.andWhere('a.id < :before', { before: decodeCursor('sa', query.cursor, 1)[0] });
    const rows = await qb.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(view),
      nextCursor: rows.length > limit ? encodeCursor('sa', page[page.length - 1].id) : null,
    };
  }
}

function view(row: StaffAudit): StaffAuditEntryDto {
  return {
    id: row.id,
    action: row.action,
    jobNumber: row.subjectJobNumber,
    by: row.actorJobNumber,
    at: row.at,
    before: row.before,
    after: row.after,
    reason: row.reason,
  };
}
