import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../../config/config-variables';
import { calibrate, calibrationSessions } from './calibration';
import { openSiteDayRange } from '../../clock/site-day';
import { CalibrationQuery, DayRangeQuery } from './dtos/scorecard.dto';
import { ScorecardEvaluation } from './scorecard-evaluation.entity';
import { ScorecardFormVersion } from './scorecard-form-version.entity';
import { ScorecardForm } from './scorecard-form.entity';
import type { CalibrationSessionView, CalibrationViewDto } from './dtos/scorecard-views.dto';

/** Calibration (校准): how far apart the monitors who scored the same subject on the same form version are. */
@Injectable()
export class CalibrationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigVariables,
  ) {}

  async compare(query: CalibrationQuery): Promise<CalibrationViewDto> {
    const form = await this.db.getRepository(ScorecardForm).findOneBy({ id: query.formId });
    if (!form) throw new NotFoundException(`No scorecard form ${query.formId}`);
    const rows = await this.db.getRepository(ScorecardEvaluation).find({
      where: { formId: form.id, subjectType: query.subjectType, subjectId: query.subjectId },
      order: { id: 'ASC' },
    });
    const versionsScored = [...new Set(rows.map((r) => r.version))].sort((a, b) => a - b);
    if (rows.length === 0) throw new NotFoundException(`${query.subjectType} ${query.subjectId} has no evaluations on form ${form.id}`);
    const versionNumber = query.version ?? versionsScored[versionsScored.length - 1];
    const chosen = rows.filter((r) => r.version === versionNumber);
    if (chosen.length === 0) {
      throw new NotFoundException(
        `${query.subjectType} ${query.subjectId} has no evaluations on version ${versionNumber} of form ${form.id} (scored on ${versionsScored.join(', ')})`,
      );
    }
    const version = await this.db.getRepository(ScorecardFormVersion).findOneByOrFail({ id: chosen[0].formVersionId });
    const result = calibrate(
      version.sections,
      chosen.map((r) => ({ evaluationId: r.id, monitorJobNumber: r.monitorJobNumber, scores: r.scores, scorePct: r.scorePct })),
    );
    return {
      subjectType: query.subjectType,
      subjectId: query.subjectId,
      form: { id: form.id, name: form.name, version: versionNumber },
      agentJobNumber: chosen[0].agentJobNumber,
      calibrated: result.monitors.length >= 2,
      versionsScored,
      ...result,
    };
  }

  /** Subjects scored by two or more monitors on one form version, among evaluations made in the range (site days). */
  async sessions(query: DayRangeQuery): Promise<CalibrationSessionView[]> {
    const { start, end } = openSiteDayRange(query.from, query.to, this.config.SITE_UTC_OFFSET_MINUTES);
    const qb = this.db
      .getRepository(ScorecardEvaluation)
      .createQueryBuilder('e')
      .select([
        'e.id',
        'e.formId',
        'e.formVersionId',
        'e.version',
        'e.subjectType',
        'e.subjectId',
        'e.agentJobNumber',
        'e.monitorJobNumber',
        'e.scorePct',
        'e.evaluatedAt',
      ]);
    if (start) qb.andWhere('e.evaluatedAt >= :start', { start });
    if (end) qb.andWhere('e.evaluatedAt < :end', { end });
    // Only subjects some other evaluation in the range shares: the index on (subjectType, subjectId) does the narrowing.
    qb.andWhere(
      `EXISTS (SELECT 1 FROM scorecard_evaluation o WHERE o.formVersionId = e.formVersionId AND o.subjectType = e.subjectType AND o.subjectId = e.subjectId AND o.monitorId <> e.monitorId${start ? ' AND o.evaluatedAt >= :start' : ''}${end ? ' AND o.evaluatedAt < :end' : ''})`,
    );
    return calibrationSessions(await qb.getMany());
  }
}
