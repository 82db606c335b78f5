import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { Staff } from '../../auth/staff.entity';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { TransactionRunner } from '../../database/transaction-runner';
import { CallRecord } from '../../telephony/call-record.entity';
import { WorkOrder } from '../../work-orders/work-order.entity';
import { openSiteDayRange } from '../../clock/site-day';
import { CreateEvaluationDto, ListEvaluationsQuery } from './dtos/scorecard.dto';
import { ScorecardEvaluation } from './scorecard-evaluation.entity';
import { ScorecardFormsService } from './scorecard-forms.service';
import { isUniqueViolation } from '../../database/unique-violation';
import { ScorecardFormVersion } from './scorecard-form-version.entity';
import { ScorecardForm } from './scorecard-form.entity';
import { formItems, scoreEvaluation, scoreFindings, SubjectType } from './scorecard-scoring';
import { scorecardRefusal } from './scorecard-refusal';
import { DomainError } from '../../http/errors/domain-error';
import type { EvaluationViewDto } from './dtos/scorecard-views.dto';

/** What was scored, and who it says the work was by. */
interface Subject {
  agentJobNumber: string;
  recordingUrl: string | null;
}

/** Evaluations (质检评分): a quality monitor scores a call or a work order on a form's current version. */
@Injectable()
export class ScorecardEvaluationsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: ScorecardFormsService,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async evaluate(input: CreateEvaluationDto, principal: StaffPrincipal): Promise<EvaluationViewDto> {
    let id: number;
    try {
      id = await this.tx.run(async (tx) => {
        const { form, version } = await this.forms.lockForScoring(tx, input.formId, 'read');
        if (form.retiredAt)
          throw new DomainError('scorecard.form_retired', { formId: form.id }, `Scorecard form ${form.id} is retired; score on a current form`);
        if (!form.subjectTypes.includes(input.subjectType)) {
          throw new DomainError(
            'scorecard.subject_type_not_scored',
            { formId: form.id, subjectType: input.subjectType, subjectTypes: form.subjectTypes },
            `subjectType: form ${form.id} (${form.name}) scores ${form.subjectTypes.join(' and ')}, not ${input.subjectType}`,
          );
        }
        const findings = scoreFindings(version.sections, input.scores);
        if (findings.length) throw scorecardRefusal('scorecard.scores_invalid', 'scores', findings);
        const subject = await this.subject(tx, input.subjectType, input.subjectId);
        const score = scoreEvaluation(version.sections, input.scores);
        const result = await tx.insert(ScorecardEvaluation, {
          formId: form.id,
          formVersionId: version.id,
          version: version.version,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          agentJobNumber: subject.agentJobNumber,
          monitorId: principal.staffId,
          monitorJobNumber: principal.jobNumber,
          scores: score.items,
          scorePct: score.scorePct,
          criticalFailed: score.criticalFailed.length > 0,
          comment: input.comment?.trim() || null,
          evaluatedAt: new Date(this.clock.now()),
        });
        return Number(result.identifiers[0].id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'scorecard.already_scored',
          { jobNumber: principal.jobNumber, subjectType: input.subjectType, subjectId: input.subjectId, formId: input.formId },
          `${principal.jobNumber} has already scored ${input.subjectType} ${input.subjectId} on this version of form ${input.formId}`,
        );
      }
      throw error;
    }
    return this.get(id);
  }

  async get(id: number): Promise<EvaluationViewDto> {
    const row = await this.db.getRepository(ScorecardEvaluation).findOneBy({ id });
    if (!row) throw new DomainError('scorecard.evaluation_not_found', { id }, `No evaluation ${id}`);
    const [view] = await this.views([row]);
    if (row.subjectType === 'call') {
      const call = await this.db.getRepository(CallRecord).findOne({ where: { callSid: row.subjectId }, select: { id: true, recordingUrl: true } });
      view.recordingUrl = call?.recordingUrl ?? null;
    }
    return view;
  }

  /** Newest first; filters: agent, subject (with subjectType), form, site days of the evaluation. */
  async list(query: ListEvaluationsQuery): Promise<EvaluationViewDto[]> {
    const { start, end } = openSiteDayRange(query.from, query.to, this.config.SITE_UTC_OFFSET_MINUTES);
    const qb = this.db
      .getRepository(ScorecardEvaluation)
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .limit(query.limit ?? 100);
    if (query.agent) qb.andWhere('e.agentJobNumber = :agent', { agent: query.agent });
    if (query.subject) qb.andWhere('e.subjectId = :subject', { subject: query.subject });
    if (query.subjectType) qb.andWhere('e.subjectType = :subjectType', { subjectType: query.subjectType });
    if (query.formId) qb.andWhere('e.formId = :formId', { formId: query.formId });
    if (start) qb.andWhere('e.evaluatedAt >= :start', { start });
    if (end) qb.andWhere('e.evaluatedAt < :end', { end });
    return this.views(await qb.getMany());
  }

  async views(rows: ScorecardEvaluation[]): Promise<EvaluationViewDto[]> {
    const versions = await this.forms.versionsById(rows.map((r) => r.formVersionId));
    return rows.map((row) => evaluationView(row, versions.get(row.formVersionId)!));
  }

  /** The subject must exist and name an agent: the call's agent, or the staff member who created the work order. */
  private async subject(tx: EntityManager, type: SubjectType, id: string): Promise<Subject> {
    if (type === 'call') {
      const call = await tx.findOne(CallRecord, { where: { callSid: id }, select: { id: true, agentJobNumber: true, recordingUrl: true } });
      if (!call) throw new DomainError('scorecard.subject_not_found', { subjectType: 'call', subjectId: id }, `No call ${id}`);
      if (!call.agentJobNumber)
        throw new DomainError('scorecard.no_agent', { subjectId: id }, `Call ${id} was not handled by an agent; there is nobody to evaluate`);
      return { agentJobNumber: call.agentJobNumber, recordingUrl: call.recordingUrl };
    }
    const order = await tx.findOne(WorkOrder, { where: { number: id }, select: { id: true, createdById: true } });
    if (!order) throw new DomainError('scorecard.subject_not_found', { subjectType: 'work_order', subjectId: id }, `No work order ${id}`);
    const creator = await tx.findOneOrFail(Staff, { where: { id: order.createdById }, select: { id: true, jobNumber: true } });
    return { agentJobNumber: creator.jobNumber, recordingUrl: null };
  }
}

function evaluationView(row: ScorecardEvaluation, version: ScorecardFormVersion & { form: ScorecardForm }): EvaluationViewDto {
  const sectionOf = new Map(version.sections.flatMap((s) => s.items.map((i) => [i.code, { section: s.title, label: i.label }] as const)));
  const order = new Map(formItems(version.sections).map((i, n) => [i.code, n]));
  return {
    id: row.id,
    form: { id: row.formId, name: version.form.name, version: row.version },
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    agentJobNumber: row.agentJobNumber,
    monitorJobNumber: row.monitorJobNumber,
    scorePct: row.scorePct,
    criticalFailed: row.criticalFailed,
    criticalFailedItems: row.scores.filter((s) => s.failed).map((s) => s.item),
    items: [...row.scores]
      .sort((a, b) => (order.get(a.item) ?? 0) - (order.get(b.item) ?? 0))
      .map((s) => ({
        section: sectionOf.get(s.item)?.section ?? '',
        item: s.item,
        label: sectionOf.get(s.item)?.label ?? s.item,
        points: s.points,
        maxPoints: s.maxPoints,
        weight: s.weight,
        criticalFail: s.criticalFail,
        failed: s.failed,
        comment: s.comment,
      })),
    comment: row.comment,
    evaluatedAt: row.evaluatedAt,
  };
}
