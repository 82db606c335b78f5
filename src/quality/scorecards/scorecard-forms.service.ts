import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { StaffPrincipal } from '../../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../../clock/app-clock';
import { sqlDialect } from '../../database/sql-dialect';
import { TransactionRunner } from '../../database/transaction-runner';
import { ScorecardFormDto } from './dtos/scorecard.dto';
import { ScorecardEvaluation } from './scorecard-evaluation.entity';
import { ScorecardFormVersion } from './scorecard-form-version.entity';
import { ScorecardForm } from './scorecard-form.entity';
import { formDefinitionFindings, ScorecardSection } from './scorecard-scoring';
import { scorecardRefusal } from './scorecard-refusal';
import { isUniqueViolation } from '../../database/unique-violation';
import { DomainError } from '../../http/errors/domain-error';
import type { ScorecardFormDetailView, ScorecardFormSummary } from './dtos/scorecard-views.dto';

/** A form and the version new evaluations use, as the evaluation service reads them. */
export interface FormForScoring {
  form: ScorecardForm;
  version: ScorecardFormVersion;
}

/** The DTO's sections with defaults filled in (weight = maxPoints, criticalFail = false). */
export function normaliseSections(input: ScorecardFormDto['sections']): ScorecardSection[] {
  return input.map((s) => ({
    title: s.title.trim(),
    items: s.items.map((i) => ({
      code: i.code,
      label: i.label.trim(),
      maxPoints: i.maxPoints,
      weight: i.weight ?? i.maxPoints,
      criticalFail: i.criticalFail ?? false,
    })),
  }));
}

/** QA forms (质检评分表): create, read, edit into a new version once scored, retire. */
@Injectable()
export class ScorecardFormsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async create(input: ScorecardFormDto, principal: StaffPrincipal): Promise<ScorecardFormDetailView> {
    const sections = checkedSections(input);
    const id = await this.tx.run(async (tx) => {
      const now = new Date(this.clock.now());
      const form = await tx.save(
        ScorecardForm,
        tx.create(ScorecardForm, {
          name: input.name.trim(),
          description: input.description?.trim() || null,
          subjectTypes: input.subjectTypes,
          currentVersion: 1,
          retiredAt: null,
          createdById: principal.staffId,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await tx.insert(ScorecardFormVersion, { formId: form.id, version: 1, sections, createdById: principal.staffId, createdAt: now });
      return form.id;
    });
    return this.get(id);
  }

  async list(includeRetired = false): Promise<ScorecardFormSummary[]> {
    const qb = this.db.getRepository(ScorecardForm).createQueryBuilder('f').orderBy('f.id', 'ASC');
    if (!includeRetired) qb.where('f.retiredAt IS NULL');
    return (await qb.getMany()).map(formView);
  }

  async get(id: number, version?: number): Promise<ScorecardFormDetailView> {
    const form = await this.db.getRepository(ScorecardForm).findOneBy({ id });
    if (!form) throw new NotFoundException(`No scorecard form ${id}`);
    const versions = await this.db.getRepository(ScorecardFormVersion).find({ where: { formId: id }, order: { version: 'ASC' } });
    const shown = versions.find((v) => v.version === (version ?? form.currentVersion));
    if (!shown)
      throw new DomainError(
        'scorecard.form_not_found',
        { formId: id, version: version ?? null },
        `Scorecard form ${id} has no version ${version} (versions 1–${form.currentVersion})`,
      );
    const counts: { formVersionId: number; n: string | number }[] = await this.db
      .getRepository(ScorecardEvaluation)
      .createQueryBuilder('e')
      .select('e.formVersionId', 'formVersionId')
      .addSelect('COUNT(*)', 'n')
      .where('e.formId = :id', { id })
      .groupBy('e.formVersionId')
      .getRawMany();
    const byVersion = new Map(counts.map((c) => [Number(c.formVersionId), Number(c.n)]));
    return {
      ...formView(form),
      version: shown.version,
      sections: shown.sections,
      totalWeight: shown.sections.flatMap((s) => s.items).reduce((sum, i) => sum + i.weight, 0),
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, evaluations: byVersion.get(v.id) ?? 0 })),
    };
  }

  /**
   * Replaces the form. The current version's sections are changed in place while nobody has scored
   * on it; once it has evaluations, changed sections become version n + 1 and those evaluations keep
   * theirs. Name, description and subjects are the form's own and change without a new version.
   */
  async update(id: number, input: ScorecardFormDto, principal: StaffPrincipal): Promise<ScorecardFormDetailView> {
    const sections = checkedSections(input);
    try {
      await this.tx.run(async (tx) => {
        const { form, version } = await this.lockForScoring(tx, id, 'write');
        if (form.retiredAt) throw new DomainError('scorecard.form_retired', { formId: id }, `Scorecard form ${id} is retired; it can no longer be edited`);
        const now = new Date(this.clock.now());
        if (JSON.stringify(sections) !== JSON.stringify(version.sections)) {
          const scored = await tx.existsBy(ScorecardEvaluation, { formVersionId: version.id });
          if (scored) {
            await tx.insert(ScorecardFormVersion, { formId: id, version: form.currentVersion + 1, sections, createdById: principal.staffId, createdAt: now });
            form.currentVersion += 1;
          } else {
            await tx.update(ScorecardFormVersion, { id: version.id }, { sections });
          }
        }
        await tx.update(
          ScorecardForm,
          { id },
          {
            name: input.name.trim(),
            description: input.description?.trim() || null,
            subjectTypes: input.subjectTypes,
            currentVersion: form.currentVersion,
            updatedAt: now,
          },
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`Scorecard form ${id} was edited at the same time; read it again and retry`);
      throw error;
    }
    return this.get(id);
  }

  async retire(id: number): Promise<ScorecardFormDetailView> {
    await this.tx.run(async (tx) => {
      const { form } = await this.lockForScoring(tx, id, 'write');
      if (form.retiredAt) throw new DomainError('scorecard.form_retired', { formId: id }, `Scorecard form ${id} is already retired`);
      await tx.update(ScorecardForm, { id }, { retiredAt: new Date(this.clock.now()), updatedAt: new Date(this.clock.now()) });
    });
    return this.get(id);
  }

  /**
   * The form and its current version inside a transaction, the form row locked (MariaDB; SQLite's
   * transactions are serialised already): `write` for edits, `read` for scoring, so an edit and an
   * evaluation of the same form never interleave.
   */
  async lockForScoring(tx: EntityManager, id: number, mode: 'read' | 'write'): Promise<FormForScoring> {
    const qb = tx.getRepository(ScorecardForm).createQueryBuilder('f').where('f.id = :id', { id });
    if (sqlDialect(this.db) === 'mysql') qb.setLock(mode === 'write' ? 'pessimistic_write' : 'pessimistic_read');
    const form = await qb.getOne();
    if (!form) throw new NotFoundException(`No scorecard form ${id}`);
    const version = await tx.findOneByOrFail(ScorecardFormVersion, { formId: id, version: form.currentVersion });
    return { form, version };
  }

  /** Versions by id, for views of evaluations. */
  async versionsById(ids: number[]): Promise<Map<number, ScorecardFormVersion & { form: ScorecardForm }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.getRepository(ScorecardFormVersion).find({ where: { id: In([...new Set(ids)]) }, relations: { form: true } });
    return new Map(rows.map((r) => [r.id, r as ScorecardFormVersion & { form: ScorecardForm }]));
  }
}

function checkedSections(input: ScorecardFormDto): ScorecardSection[] {
  const sections = normaliseSections(input.sections);
  const findings = formDefinitionFindings(sections);
  if (findings.length) throw scorecardRefusal('scorecard.form_invalid', 'sections', findings);
  return sections;
}

function formView(form: ScorecardForm): ScorecardFormSummary {
  return {
    id: form.id,
    name: form.name,
    description: form.description,
    subjectTypes: form.subjectTypes,
    currentVersion: form.currentVersion,
    retired: form.retiredAt !== null,
    retiredAt: form.retiredAt,
    createdAt: form.createdAt,
    updatedAt: form.updatedAt,
  };
}
