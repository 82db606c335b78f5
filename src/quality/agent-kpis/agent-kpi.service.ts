import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { Staff } from '../../auth/staff.entity';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { siteDayRange } from '../../clock/site-day';
import { AgentStateChange } from '../../routing/agent-state-change.entity';
import { CallOffer } from '../../telephony/call-offer.entity';
import { CallRecord } from '../../telephony/call-record.entity';
import { WorkOrderAudit } from '../../work-orders/work-order-audit.entity';
import { AgentStateRow, computeAgentKpis, deadlinesAtClose, GradeBands, parseGradeBands, WorkOrderEventRow } from './agent-kpi';
import { CallbackVisit } from '../callbacks/callback-visit.entity';
import { AgentKpiQuery } from './dtos/agent-kpi-query.dto';
import type { AgentKpiResponseView } from './dtos/agent-kpi-view.dto';
import { ScorecardEvaluation } from '../scorecards/scorecard-evaluation.entity';

/**
 * Loads the call offers, call records, work-order audit entries, agent state changes, scorecard
 * evaluations and callback-visit results of a range and computes agent KPIs from them (read only).
 */
@Injectable()
export class AgentKpiService {
  private readonly bands: GradeBands;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    this.bands = parseGradeBands(config.QUALITY_GRADE_BANDS);
  }

  get ringBudgetSeconds(): number {
    return this.config.RING_CADENCE_SECONDS * this.config.RING_COUNT;
  }

  async report(query: AgentKpiQuery): Promise<AgentKpiResponseView> {
    const offset = this.config.SITE_UTC_OFFSET_MINUTES;
    const { start, end } = siteDayRange(query.from, query.to, offset);
    const job = query.jobNumber ?? null;

    const offersQb = this.dataSource
      .getRepository(CallOffer)
      .createQueryBuilder('o')
      .select(['o.agentJobNumber', 'o.offeredAt', 'o.result', 'o.resultAt'])
      .where('o.offeredAt >= :start AND o.offeredAt < :end', { start, end });
    if (job) offersQb.andWhere('o.agentJobNumber = :job', { job });

    const callsQb = this.dataSource
      .getRepository(CallRecord)
      .createQueryBuilder('c')
      .select(['c.agentJobNumber', 'c.arrivedAt', 'c.connectedAt', 'c.endedAt'])
      .where('c.arrivedAt >= :start AND c.arrivedAt < :end', { start, end })
      .andWhere('c.agentJobNumber IS NOT NULL AND c.connectedAt IS NOT NULL');
    if (job) callsQb.andWhere('c.agentJobNumber = :job', { job });

    const auditQb = this.dataSource
      .getRepository(WorkOrderAudit)
      .createQueryBuilder('a')
      .leftJoin('a.workOrder', 'o')
      .select(['a.id', 'a.workOrderId', 'a.actorJobNumber', 'a.action', 'a.at', 'o.id', 'o.dueAt'])
      .where('a.at >= :start AND a.at < :end', { start, end })
      .andWhere('a.action IN (:...actions)', { actions: ['create', 'close'] })
      .andWhere('a.actorJobNumber IS NOT NULL');
    if (job) auditQb.andWhere('a.actorJobNumber = :job', { job });

    const staffQb = this.dataSource.getRepository(Staff).createQueryBuilder('s').select(['s.jobNumber', 's.name', 's.roles']);
    if (job) staffQb.where('s.jobNumber = :job', { job });

    // Reopens since the range began: a close in the range that was reopened later was due by the deadline that reopen replaced.
    const reopensQb = this.dataSource
      .getRepository(WorkOrderAudit)
      .createQueryBuilder('a')
      .select(['a.id', 'a.workOrderId', 'a.before'])
      .where('a.action = :reopen AND a.at >= :start', { reopen: 'reopen', start });

    const evaluationsQb = this.dataSource
      .getRepository(ScorecardEvaluation)
      .createQueryBuilder('e')
      .select(['e.agentJobNumber', 'e.evaluatedAt', 'e.scorePct'])
      .where('e.evaluatedAt >= :start AND e.evaluatedAt < :end', { start, end });
    if (job) evaluationsQb.andWhere('e.agentJobNumber = :job', { job });

    // Callback visits (回访) with a result in the range, for the agent who created the work order.
    const callbacksQb = this.dataSource
      .getRepository(CallbackVisit)
      .createQueryBuilder('v')
      .innerJoin('v.workOrder', 'o')
      .innerJoin('o.createdBy', 'c')
      .select(['v.id', 'v.satisfaction', 'v.completedAt', 'o.id', 'c.id', 'c.jobNumber'])
      .where('v.completedAt >= :start AND v.completedAt < :end AND v.satisfaction IS NOT NULL', { start, end });
    if (job) callbacksQb.andWhere('c.jobNumber = :job', { job });

    // Not-ready time counts up to the range end or now, whichever is first.
    const windowEnd = new Date(Math.max(start.getTime(), Math.min(end.getTime(), this.clock.now())));

    const [offers, calls, audits, reopens, evaluations, callbacks, stateRows, staff] = await Promise.all([
      offersQb.getMany(),
      callsQb.getMany(),
      auditQb.getMany(),
      reopensQb.getMany(),
      evaluationsQb.getMany(),
      callbacksQb.getMany(),
      this.stateChanges(start, windowEnd, job),
      staffQb.getMany(),
    ]);
    const dueAtClose = deadlinesAtClose(
      audits.filter((a) => a.action === 'close' && a.workOrder).map((a) => ({ auditId: a.id, workOrderId: a.workOrderId, currentDueAt: a.workOrder!.dueAt })),
      reopens.map((r) => ({ auditId: r.id, workOrderId: r.workOrderId, dueAtBefore: typeof r.before?.dueAt === 'string' ? new Date(r.before.dueAt) : null })),
    );
    // KPIs are agents' (客服代表): store staff and supervisors create and close orders too, but are not measured here.
    const agents = new Set(staff.filter((s) => s.roles.includes('agent')).map((s) => s.jobNumber));
    const events: WorkOrderEventRow[] = audits
      .filter((a) => agents.has(a.actorJobNumber!))
      .map((a) => ({
        jobNumber: a.actorJobNumber!,
        action: a.action as 'create' | 'close',
        at: a.at,
        dueAt: a.action === 'close' ? (dueAtClose.get(a.id) ?? null) : undefined,
      }));
    const report = computeAgentKpis(
      offers.map((o) => ({ agentJobNumber: o.agentJobNumber, offeredAt: o.offeredAt, result: o.result, resultAt: o.resultAt })),
      calls.map((c) => ({ agentJobNumber: c.agentJobNumber!, arrivedAt: c.arrivedAt, connectedAt: c.connectedAt!, endedAt: c.endedAt })),
      events,
      {
        ringBudgetSeconds: this.ringBudgetSeconds,
        utcOffsetMinutes: offset,
        bands: this.bands,
        names: Object.fromEntries(staff.map((s) => [s.jobNumber, s.name])),
      },
      {
        stateChanges: { rows: stateRows, from: start, to: windowEnd },
        evaluations: evaluations.map((e) => ({ agentJobNumber: e.agentJobNumber, evaluatedAt: e.evaluatedAt, scorePct: e.scorePct })),
        callbackResults: callbacks
          .filter((v) => agents.has(v.workOrder!.createdBy!.jobNumber))
          .map((v) => ({ jobNumber: v.workOrder!.createdBy!.jobNumber, at: v.completedAt!, satisfaction: v.satisfaction! })),
      },
    );
    const b = this.bands;
    return {
      from: query.from,
      to: query.to,
      jobNumber: job,
      ringBudgetSeconds: this.ringBudgetSeconds,
      gradeRuleCode: 'quality.grade_rule',
      gradeRuleParams: { ringBudgetSeconds: this.ringBudgetSeconds, excellent: b.excellent, good: b.good, fair: b.fair },
      gradeRule: `answered within ${this.ringBudgetSeconds} s, % of answered: 优 ≥ ${b.excellent}, 良 ≥ ${b.good}, 中 ≥ ${b.fair}, else 差; none answered: no grade`,
      ...report,
    };
  }

  /** State changes in [start, end), plus each agent's last change before start — the state they were in when the window opened. */
  private async stateChanges(start: Date, end: Date, job: string | null): Promise<AgentStateRow[]> {
    const repo = this.dataSource.getRepository(AgentStateChange);
    const inside = repo
      .createQueryBuilder('s')
      .select(['s.id', 's.jobNumber', 's.state', 's.reason', 's.at'])
      .where('s.at >= :start AND s.at < :end', { start, end })
      .orderBy('s.id', 'ASC');
    const before = repo
      .createQueryBuilder('s')
      .select(['s.id', 's.jobNumber', 's.state', 's.reason', 's.at'])
      .where((qb) => {
        const latest = qb.subQuery().select('MAX(p.id)').from(AgentStateChange, 'p').where('p.at < :start', { start });
        if (job) latest.andWhere('p.jobNumber = :job', { job });
        return `s.id IN ${latest.groupBy('p.jobNumber').getQuery()}`;
      })
      .orderBy('s.id', 'ASC');
    if (job) inside.andWhere('s.jobNumber = :job', { job });
    // Changes at one instant keep the engine's order (by id): the KPI's sort by time is stable.
    const [a, b] = await Promise.all([inside.getMany(), before.getMany()]);
    return [...b, ...a].map((r) => ({ jobNumber: r.jobNumber, state: r.state, reason: r.reason, at: r.at }));
  }
}
