import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { TransactionRunner } from '../database/transaction-runner';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { ClaimDecisionDto, ClaimPaidDto, CreateClaimDto } from './dtos/work-order.dto';
import { ClaimStatus, WorkOrderClaim } from './work-order-claim.entity';
import { WorkOrdersService } from './work-orders.service';
import { DomainError } from '../http/errors/domain-error';
import { changedEvent, WorkOrderChanged } from './work-order-events.service';

/** A claim's life: requested → approved (by a supervisor) → paid, or requested → rejected. */
const CLAIM_TRANSITIONS: Record<'approve' | 'reject' | 'pay', { from: ClaimStatus; to: ClaimStatus }> = {
  approve: { from: 'requested', to: 'approved' },
  reject: { from: 'requested', to: 'rejected' },
  pay: { from: 'approved', to: 'paid' },
};

/** Which terminals a unit may have to answer for a store or logistics claim. */
const PARTY_TERMINALS: Record<string, string[]> = { store: ['store'], logistics: ['logistics', 'dispatch', 'after_sales'] };

export interface ClaimView {
  id: number;
  workOrderNumber: string;
  responsibleParty: WorkOrderClaim['responsibleParty'];
  responsibleUnit: string | null;
  responsibleName: string | null;
  amount: number;
  evidence: string;
  status: ClaimStatus;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionNote: string | null;
  paidAt: Date | null;
  paymentReference: string | null;
  version: number;
}

/** Claims (理赔申请): the company pays for losses it caused, charged to the responsible store, logistics or person. */
@Injectable()
export class ClaimsService {
  constructor(
    private readonly tx: TransactionRunner,
    @InjectDataSource() private readonly db: DataSource,
    private readonly workOrders: WorkOrdersService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async create(number: string, input: CreateClaimDto, principal: StaffPrincipal): Promise<ClaimView> {
    let unit: TerminalUnit | null = null;
    if (input.responsibleUnitCode !== undefined) {
      unit = await this.db.getRepository(TerminalUnit).findOneBy({ code: input.responsibleUnitCode });
      if (!unit)
        throw new DomainError(
          'unit.unknown',
          { field: 'responsibleUnitCode', unit: input.responsibleUnitCode },
          `responsibleUnitCode ${input.responsibleUnitCode} is not a known unit`,
        );
      const allowed = PARTY_TERMINALS[input.responsibleParty];
      if (allowed && !allowed.includes(unit.terminal)) {
        throw new BadRequestException(`responsibleUnitCode ${unit.code} is a ${unit.terminal} unit, not a ${input.responsibleParty} one`);
      }
    }
    let changed: WorkOrderChanged | undefined;
    const id = await this.tx.run(async (tx) => {
      const order = await this.workOrders.findVisible(tx, number, principal);
      const now = new Date(this.clock.now());
      const claim = await tx.save(
        WorkOrderClaim,
        tx.create(WorkOrderClaim, {
          workOrderId: order.id,
          responsibleParty: input.responsibleParty,
          responsibleUnitId: unit?.id ?? null,
          responsibleName: input.responsibleName ?? null,
          amount: input.amount,
          evidence: input.evidence,
          status: 'requested',
          requestedById: principal.staffId,
          requestedAt: now,
          decidedById: null,
          decidedAt: null,
          decisionNote: null,
          paidAt: null,
          paymentReference: null,
        }),
      );
      await this.workOrders.audit(
        tx,
        order.id,
        'claim-request',
        principal,
        now,
        null,
        { claimId: claim.id, responsibleParty: claim.responsibleParty, amount: input.amount },
        null,
      );
      changed = changedEvent(order, 'claim-request', now);
      return claim.id;
    });
    this.workOrders.publishChanged(changed);
    return this.view(this.db.manager, id);
  }

  async list(number: string, principal: StaffPrincipal): Promise<ClaimView[]> {
    const order = await this.workOrders.findVisible(this.db.manager, number, principal);
    const claims = await this.db.getRepository(WorkOrderClaim).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } });
    return Promise.all(claims.map((c) => this.view(this.db.manager, c.id)));
  }

  approve(number: string, id: number, input: ClaimDecisionDto, principal: StaffPrincipal): Promise<ClaimView> {
    return this.decide(number, id, 'approve', input.expectedVersion, principal, (now) => ({
      decidedById: principal.staffId,
      decidedAt: now,
      decisionNote: input.note ?? null,
    }));
  }

  reject(number: string, id: number, input: ClaimDecisionDto, principal: StaffPrincipal): Promise<ClaimView> {
    if (!input.note) throw new BadRequestException('note must give the reason for rejecting the claim');
    return this.decide(number, id, 'reject', input.expectedVersion, principal, (now) => ({
      decidedById: principal.staffId,
      decidedAt: now,
      decisionNote: input.note!,
    }));
  }

  markPaid(number: string, id: number, input: ClaimPaidDto, principal: StaffPrincipal): Promise<ClaimView> {
    return this.decide(number, id, 'pay', input.expectedVersion, principal, (now) => ({ paidAt: now, paymentReference: input.paymentReference }));
  }

  private async decide(
    number: string,
    id: number,
    action: keyof typeof CLAIM_TRANSITIONS,
    expectedVersion: number | undefined,
    principal: StaffPrincipal,
    fields: (now: Date) => Partial<WorkOrderClaim>,
  ): Promise<ClaimView> {
    let changed: WorkOrderChanged | undefined;
    await this.tx.run(async (tx) => {
      const order = await this.workOrders.findVisible(tx, number, principal);
      const claim = await tx.findOneBy(WorkOrderClaim, { id, workOrderId: order.id });
      if (!claim) throw new DomainError('claim.not_found', { number, claimId: id }, `No claim ${id} on work order ${number}`);
      const rule = CLAIM_TRANSITIONS[action];
      if (claim.status !== rule.from) {
        const allowed = Object.entries(CLAIM_TRANSITIONS)
          .filter(([, r]) => r.from === claim.status)
          .map(([a]) => a);
        throw new DomainError(
          'claim.not_allowed',
          { claimId: id, action, status: claim.status },
          `Cannot ${action} claim ${id}: it is ${claim.status}; allowed: ${allowed.join(', ') || 'none'}`,
          { currentStatus: claim.status, allowedActions: allowed },
        );
      }
      if (expectedVersion !== undefined && expectedVersion !== claim.version) {
        throw new DomainError(
          'work_order.stale',
          { claimId: id, expectedVersion, currentVersion: claim.version },
          `Claim ${id} has changed since version ${expectedVersion} (it is now version ${claim.version}); reload it and try again`,
          { currentVersion: claim.version },
        );
      }
      const now = new Date(this.clock.now());
      const result = await tx
        .createQueryBuilder()
        .update(WorkOrderClaim)
        .set({ status: rule.to, ...fields(now) })
        .where('id = :id AND version = :version', { id, version: claim.version })
        .execute();
      if (result.affected !== 1) throw new DomainError('work_order.stale', { claimId: id }, `Claim ${id} was changed by someone else; reload it and try again`);
      await this.workOrders.audit(
        tx,
        order.id,
        `claim-${action}`,
        principal,
        now,
        { claimId: id, status: claim.status },
        { claimId: id, status: rule.to },
        null,
      );
      changed = changedEvent(order, `claim-${action}`, now);
    });
    this.workOrders.publishChanged(changed);
    return this.view(this.db.manager, id);
  }

  private async view(manager: EntityManager, id: number): Promise<ClaimView> {
    const c = await manager.findOneOrFail(WorkOrderClaim, { where: { id }, relations: { responsibleUnit: true, workOrder: true } });
    return {
      id: c.id,
      workOrderNumber: c.workOrder!.number,
      responsibleParty: c.responsibleParty,
      responsibleUnit: c.responsibleUnit?.code ?? null,
      responsibleName: c.responsibleName,
      amount: c.amount,
      evidence: c.evidence,
      status: c.status,
      requestedAt: c.requestedAt,
      decidedAt: c.decidedAt,
      decisionNote: c.decisionNote,
      paidAt: c.paidAt,
      paymentReference: c.paymentReference,
      version: c.version,
    };
  }
}
