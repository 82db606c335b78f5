import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { DomainError } from '../http/errors/domain-error';
import { RoutingEngineService } from '../routing/routing-engine.service';
import { StaffPrincipal } from './auth.decorators';
import { AuthService } from './auth.service';
import { AccessTokenDto } from './dtos/login.dto';
import { ChangeOwnPasswordDto, ChangeRolesDto, ResetPasswordDto, StaffStatusChangeDto } from './dtos/staff-lifecycle.dto';
import { StaffDto } from './dtos/staff.dto';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { EventBus } from '../events/event-bus';
import { AccessRevoked } from './staff-access-events';
import { StaffAuditAction } from './staff-audit.entity';
import { StaffAuditService } from './staff-audit.service';
import { StaffStanding } from './staff-standing';
import { auditedFields, staffDto, StaffService } from './staff.service';
import { Staff } from './staff.entity';

interface Change {
  action: StaffAuditAction;
  set: Partial<Pick<Staff, 'active' | 'roles' | 'unitId' | 'passwordHash'>>;
  /** Every token issued before is refused, and the member's sockets close. */
  revokes: AccessRevoked['reason'] | null;
  reason?: string | null;
}

/**
 * What happens to an account after it is created: deactivation and reactivation, password resets
 * and changes, role changes. Each is one transaction with its audit entry; a change that withdraws
 * access bumps the account's token version (so its tokens are refused at once), closes its
 * softphone sockets, and a deactivated agent is taken offline in routing.
 */
@Injectable()
export class StaffLifecycleService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly staff: StaffService,
    private readonly hasher: PasswordHasher,
    private readonly audit: StaffAuditService,
    private readonly standing: StaffStanding,
    private readonly events: EventBus,
    private readonly routing: RoutingEngineService,
    private readonly throttle: LoginThrottle,
    private readonly auth: AuthService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('staff-lifecycle');
  }

  deactivate(jobNumber: string, input: StaffStatusChangeDto, actor: StaffPrincipal): Promise<StaffDto> {
    return this.change(jobNumber, actor, async (staff, tx) => {
      if (!staff.active) throw new DomainError('staff.already_deactivated', { jobNumber }, `Staff ${jobNumber} is already deactivated`);
      if (staff.id === actor.staffId) throw new DomainError('staff.cannot_deactivate_self', { jobNumber }, 'You cannot deactivate your own account');
      if (staff.roles.includes('admin')) await this.assertAnotherActiveAdmin(tx, staff, 'deactivate');
      return { action: 'deactivate', set: { active: false }, revokes: 'deactivated', reason: input.reason };
    });
  }

  reactivate(jobNumber: string, input: StaffStatusChangeDto, actor: StaffPrincipal): Promise<StaffDto> {
    return this.change(jobNumber, actor, (staff) => {
      if (staff.active) throw new DomainError('staff.already_active', { jobNumber }, `Staff ${jobNumber} is already active`);
      // Tokens from before the deactivation stay refused: it bumped the version.
      return { action: 'reactivate', set: { active: true }, revokes: null, reason: input.reason };
    });
  }

  async resetPassword(jobNumber: string, input: ResetPasswordDto, actor: StaffPrincipal): Promise<StaffDto> {
    const passwordHash = await this.hasher.hash(input.newPassword);
    return this.change(jobNumber, actor, (staff) => {
      this.staff.assertPasswordAllowed(input.newPassword, staff.jobNumber, staff.name);
      return { action: 'reset-password', set: { passwordHash }, revokes: 'password-changed', reason: input.reason };
    });
  }

  changeRoles(jobNumber: string, input: ChangeRolesDto, actor: StaffPrincipal): Promise<StaffDto> {
    return this.change(jobNumber, actor, async (staff, tx) => {
      const unit = await this.staff.unitFor(tx, input.roles, input.unitCode, staff.unit ?? null);
      if (staff.roles.includes('admin') && !input.roles.includes('admin')) await this.assertAnotherActiveAdmin(tx, staff, 'remove the admin role from');
      staff.unit = unit;
      return { action: 'change-roles', set: { roles: input.roles, unitId: unit?.id ?? null }, revokes: 'roles-changed', reason: input.reason };
    });
  }

  /**
   * A member of staff's own password change: the current password is required (its failures count
   * towards the sign-in throttle of the job number); every other session ends, and this one gets a
   * fresh token.
   */
  async changeOwnPassword(principal: StaffPrincipal, input: ChangeOwnPasswordDto, clientAddress: string): Promise<AccessTokenDto> {
    await this.throttle.assertAllowed(principal.jobNumber);
    const current = await this.staff.findForSignIn(principal.jobNumber);
    if (!current) throw new DomainError('staff.not_found', { jobNumber: principal.jobNumber }, 'This account no longer exists');
    if (!(await this.hasher.verify(input.currentPassword, current.passwordHash))) {
      throw (
        (await this.throttle.recordFailure(principal.jobNumber, clientAddress)) ??
        new DomainError('staff.current_password_incorrect', {}, 'currentPassword is incorrect')
      );
    }
    if (input.newPassword === input.currentPassword) throw new DomainError('password.unchanged', {}, 'newPassword must differ from the current password');
    this.staff.assertPasswordAllowed(input.newPassword, current.jobNumber, current.name);
    const passwordHash = await this.hasher.hash(input.newPassword);
    await this.change(principal.jobNumber, principal, () => ({ action: 'change-password', set: { passwordHash }, revokes: 'password-changed' }));
    return this.auth.signIn((await this.staff.findForSignIn(principal.jobNumber))!);
  }

  /** Loads the account (404), applies `decide`'s change with its audit entry in one transaction, then withdraws access if it says so. */
  private async change(jobNumber: string, actor: StaffPrincipal, decide: (staff: Staff, tx: EntityManager) => Change | Promise<Change>): Promise<StaffDto> {
    const { staff, change } = await this.tx.run(async (tx) => {
      const staff = await tx.findOne(Staff, { where: { jobNumber }, relations: { unit: true } });
      if (!staff) throw new DomainError('staff.not_found', { jobNumber }, `No staff with jobNumber ${jobNumber}`);
      const before = auditedFields(staffDto(staff));
      const change = await decide(staff, tx);
      const tokenVersion = change.revokes ? staff.tokenVersion + 1 : staff.tokenVersion;
      await tx.update(Staff, { id: staff.id }, { ...change.set, tokenVersion });
      Object.assign(staff, change.set, { tokenVersion });
      await this.audit.record(tx, {
        action: change.action,
        subjectJobNumber: staff.jobNumber,
        actorJobNumber: actor.jobNumber,
        before,
        after: auditedFields(staffDto(staff)),
        reason: change.reason,
      });
      return { staff, change };
    });
    this.standing.forget(staff.id);
    if (change.revokes) this.events.publish('staff-access-revoked', { staffId: staff.id, jobNumber: staff.jobNumber, reason: change.revokes });
    if (change.action === 'deactivate') await this.takeOffline(staff.jobNumber);
    return staffDto(staff);
  }

  /** A departed agent is offered no more calls; one on a call goes offline when it ends. */
  private async takeOffline(jobNumber: string): Promise<void> {
    try {
      if (this.routing.agentState(jobNumber).state !== 'offline') await this.routing.setAgentState(jobNumber, {}, 'offline');
    } catch (error) {
      this.logger.warn({ err: error, jobNumber }, 'could not take a deactivated agent offline');
    }
  }

  private async assertAnotherActiveAdmin(tx: EntityManager, staff: Staff, what: string): Promise<void> {
    const admins = await tx.find(Staff, { where: { active: true }, select: { id: true, roles: true } });
    if (!admins.some((s) => s.id !== staff.id && s.roles.includes('admin'))) {
      throw new DomainError(
        'staff.last_admin',
        { jobNumber: staff.jobNumber, change: what === 'deactivate' ? 'deactivate' : 'remove_admin' },
        `Cannot ${what} the last active admin (${staff.jobNumber})`,
      );
    }
  }
}
