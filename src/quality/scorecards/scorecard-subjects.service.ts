import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { Staff } from '../../auth/staff.entity';
import { maskPhone, masksPhonesFor } from '../../customers/phone-masking';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { CallRecord } from '../../telephony/call-record.entity';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { ScorecardSubjectsQuery } from './dtos/scorecard-subjects.dto';
import { ScorecardEvaluation } from './scorecard-evaluation.entity';
import type { ScorecardSubjectView } from './dtos/scorecard-views.dto';

/** The calls and work orders a monitor can score, newest first, so the evaluation form picks a subject from a list instead of a typed CallSid. */
@Injectable()
export class ScorecardSubjectsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: ScorecardSubjectsQuery, principal: StaffPrincipal): Promise<{ items: ScorecardSubjectView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor('ss', query.cursor, 1)[0] : null;
    const items = query.subjectType === 'call' ? await this.calls(query, limit + 1, after, principal) : await this.workOrders(query, limit + 1, after);
    const page = items.slice(0, limit);
    const counts =
      page.length === 0
        ? []
        : await this.db
            .getRepository(ScorecardEvaluation)
            .createQueryBuilder('e')
            .select('e.subjectId', 'subjectId')
            .addSelect('COUNT(*)', 'n')
            .where('e.subjectType = :type AND e.subjectId IN (:...ids)', { type: query.subjectType, ids: page.map((p) => p.item.subjectId) })
            .groupBy('e.subjectId')
            .getRawMany<{ subjectId: string; n: number | string }>();
    const countOf = new Map(counts.map((c) => [c.subjectId, Number(c.n)]));
    return {
      items: page.map(({ item }) => ({ ...item, evaluations: countOf.get(item.subjectId) ?? 0 })),
      nextCursor: items.length > limit ? encodeCursor('ss', page[page.length - 1].id) : null,
    };
  }

  private async calls(query: ScorecardSubjectsQuery, take: number, after: number | null, principal: StaffPrincipal) {
    const qb = this.db
      .getRepository(CallRecord)
      .createQueryBuilder('c')
      .where('c.agentJobNumber IS NOT NULL AND c.connectedAt IS NOT NULL')
      .orderBy('c.id', 'DESC')
      .take(take);
    if (query.agent) qb.andWhere('c.agentJobNumber = :agent', { agent: query.agent });
    if (after !== null) qb.andWhere('c.id < :after', { after });
    const masked = masksPhonesFor(principal.roles);
    return (await qb.getMany()).map((c) => ({
      id: c.id,
      item: {
        subjectType: 'call' as const,
        subjectId: c.callSid,
        agentJobNumber: c.agentJobNumber!,
        at: c.connectedAt!,
        summary: `${c.queueCode ?? '—'} · ${masked ? maskPhone(c.fromNumber) : c.fromNumber}`,
        queueCode: c.queueCode,
        caller: masked ? maskPhone(c.fromNumber) : c.fromNumber,
        category: null,
        status: null,
        recordingUrl: c.recordingUrl,
      },
    }));
  }

  private async workOrders(query: ScorecardSubjectsQuery, take: number, after: number | null) {
    // Only orders an agent created: an evaluation scores the creating agent.
    const qb = this.db
      .getRepository(WorkOrder)
      .createQueryBuilder('o')
      .innerJoin(Staff, 's', 's.id = o.createdById')
      .select(['o.id', 'o.number', 'o.category', 'o.status', 'o.createdAt'])
      .addSelect('s.jobNumber', 'jobNumber')
      .where('o.agentId = o.createdById')
      .orderBy('o.id', 'DESC')
      .limit(take);
    if (query.agent) qb.andWhere('s.jobNumber = :agent', { agent: query.agent });
    if (after !== null) qb.andWhere('o.id < :after', { after });
    const { entities, raw } = await qb.getRawAndEntities<{ jobNumber: string }>();
    return entities.map((o, i) => ({
      id: o.id,
      item: {
        subjectType: 'work_order' as const,
        subjectId: o.number,
        agentJobNumber: raw[i].jobNumber,
        at: o.createdAt,
        summary: `${o.category} · ${o.status}`,
        queueCode: null,
        caller: null,
        category: o.category,
        status: o.status,
        recordingUrl: null,
      },
    }));
  }
}
