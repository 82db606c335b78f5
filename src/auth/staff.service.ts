import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { TransactionRunner } from '../database/transaction-runner';
import { DomainError } from '../http/errors/domain-error';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { StaffPrincipal } from './auth.decorators';
import { CreateStaffDto, StaffDto } from './dtos/staff.dto';
import { PasswordHasher } from './password-hasher';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_DISTINCT_CHARACTERS, passwordProblem } from './password-policy';
import { PasswordPolicyDto } from './dtos/staff.dto';
import { Role } from './role';
import { StaffAuditService } from './staff-audit.service';
import { Staff } from './staff.entity';

/** Staff accounts: the people who sign in by job number. Their later changes: StaffLifecycleService. */
@Injectable()
export class StaffService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: StaffAuditService,
    private readonly config: ConfigVariables,
  ) {}

  /** With the password hash, for sign-in only. */
  findForSignIn(jobNumber: string): Promise<Staff | null> {
    return this.db.getRepository(Staff).createQueryBuilder('s').addSelect('s.passwordHash').where('s.jobNumber = :jobNumber', { jobNumber }).getOne();
  }

  async list(): Promise<StaffDto[]> {
    const rows = await this.db.getRepository(Staff).find({ relations: { unit: true }, order: { jobNumber: 'ASC' } });
    return rows.map(staffDto);
  }

  async get(jobNumber: string): Promise<StaffDto | null> {
    const row = await this.db.getRepository(Staff).findOne({ where: { jobNumber }, relations: { unit: true } });
    return row ? staffDto(row) : null;
  }

  async create(input: CreateStaffDto, actor: StaffPrincipal): Promise<StaffDto> {
    this.assertPasswordAllowed(input.password, input.jobNumber, input.name);
    const unit = await this.unitFor(this.db.manager, input.roles, input.unitCode, null);
    const passwordHash = await this.hasher.hash(input.password);
    return this.tx.run(async (tx) => {
      if (await tx.existsBy(Staff, { jobNumber: input.jobNumber }))
        throw new DomainError('staff.job_number_taken', { jobNumber: input.jobNumber }, `jobNumber ${input.jobNumber} is already taken`);
      const saved = await tx.save(
        Staff,
        tx.create(Staff, {
          jobNumber: input.jobNumber,
          name: input.name,
          roles: input.roles,
          passwordHash,
          unitId: unit?.id ?? null,
          active: true,
          tokenVersion: 0,
        }),
      );
      const created = staffDto({ ...saved, unit });
      await this.audit.record(tx, {
        action: 'create',
        subjectJobNumber: created.jobNumber,
        actorJobNumber: actor.jobNumber,
        before: null,
        after: auditedFields(created),
      });
      return created;
    });
  }

  /** The rules a new password must meet, for the pages to show and check as it is typed. */
  passwordPolicy(): PasswordPolicyDto {
    return { minLength: this.config.PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, minDistinctCharacters: PASSWORD_MIN_DISTINCT_CHARACTERS };
  }

  /** 400 naming the first way `password` breaks the policy, by its `password.*` code. */
  assertPasswordAllowed(password: string, jobNumber: string, name?: string): void {
    const problem = passwordProblem(password, { jobNumber, name, policy: { minLength: this.config.PASSWORD_MIN_LENGTH } });
    if (problem) throw new DomainError(problem.code, problem.params, problem.message);
  }

  /**
   * The unit of staff with `roles`: `unitCode`'s (400 when unknown), else `current`; terminal staff
   * must have one (400).
   */
  async unitFor(manager: EntityManager, roles: Role[], unitCode: string | undefined, current: TerminalUnit | null): Promise<TerminalUnit | null> {
    const unit = unitCode ? await manager.findOneBy(TerminalUnit, { code: unitCode }) : current;
    if (unitCode && !unit) throw new DomainError('unit.unknown', { field: 'unitCode', unit: unitCode }, `unitCode "${unitCode}" is not a known unit`);
    if (roles.includes('terminal') && !unit) throw new DomainError('staff.unit_required', {}, 'unitCode is required for terminal staff');
    return unit;
  }
}

export function staffDto(row: Staff): StaffDto {
  return { jobNumber: row.jobNumber, name: row.name, roles: row.roles, unitCode: row.unit?.code ?? null, active: row.active };
}

/** What the audit keeps of an account: never its password. */
export function auditedFields(staff: StaffDto): Record<string, unknown> {
  return { name: staff.name, roles: staff.roles, unitCode: staff.unitCode, active: staff.active };
}
