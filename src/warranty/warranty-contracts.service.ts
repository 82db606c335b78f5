import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { siteDay } from '../clock/site-day';
import { CustomersService } from '../customers/customers.service';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../http/errors/domain-error';
import { SalesOrderLine } from '../orders/sales-order-line.entity';
import { SalesOrder } from '../orders/sales-order.entity';
import { OutboxService } from '../outbox/outbox.service';
import { LookupContractsQuery, OrderOffersDto, RefundQuoteDto, SellContractDto, WarrantyContractDto } from './dtos/warranty-contract.dto';
import { WarrantyClaim } from './warranty-claim.entity';
import { WarrantyContract } from './warranty-contract.entity';
import { WarrantyPlan } from './warranty-plan.entity';
import { coverPeriod, eligibility, OrderLineFacts, refundOnCancel } from './warranty-rules';
import { WarrantyPlansService } from './warranty-plans.service';

/** The order line a contract is sold on, from the read model or from the request. */
interface LineFacts extends OrderLineFacts {
  orderLineId: number | null;
  productName: string;
  customerPhone: string;
  customerName: string | null;
}

/**
 * 阳光包 contracts: sold on an order line (the plan's rules decide), looked up by phone or order,
 * cancelled (退保) with the refund the rules give. The sale and the cancellation are sent to the
 * order system through the outbox, in their own transaction (it bills and refunds).
 */
@Injectable()
export class WarrantyContractsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly plans: WarrantyPlansService,
    private readonly outbox: OutboxService,
    private readonly config: ConfigVariables,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  private today(): string {
    return siteDay(new Date(this.clock.now()), this.config.SITE_UTC_OFFSET_MINUTES);
  }

  async sell(input: SellContractDto, principal: StaffPrincipal): Promise<WarrantyContractDto> {
    const plan = await this.plans.byCode(input.planCode);
    const line = await this.lineFacts(input);
    const today = this.today();
    const verdict = eligibility(plan, line, today);
    if (!verdict.eligible) {
      throw new DomainError(
        'warranty.not_eligible',
        { plan: plan.code, orderNumber: input.orderNumber, lineNo: input.lineNo, reason: verdict.reason },
        `Plan ${plan.code} cannot be sold on ${input.orderNumber} line ${input.lineNo}: ${verdict.message}`,
      );
    }
    const terms = {
      coveredFaults: plan.coveredFaults,
      startsAfterMonths: plan.startsAfterMonths,
      termMonths: plan.termMonths,
      fullRefundDays: plan.fullRefundDays,
      cancellationFeeFen: plan.cancellationFeeFen,
    };
    const number = `YB${input.orderNumber}-${input.lineNo}`;
    const now = new Date(this.clock.now());
    try {
      await this.tx.run(async (tx) => {
        const contract = tx.create(WarrantyContract, {
          number,
          planId: plan.id,
          planCode: plan.code,
          planName: plan.name,
          orderLineId: line.orderLineId,
          orderNumber: input.orderNumber,
          lineNo: input.lineNo,
          productCode: line.productCode,
          productName: line.productName,
          productPriceFen: line.priceFen,
          purchasedOn: line.purchasedOn,
          customerPhone: line.customerPhone,
          customerName: line.customerName,
          paidFen: plan.priceFen,
          terms,
          soldOn: today,
          ...coverPeriod(terms, line.purchasedOn),
          status: 'active',
          soldById: principal.staffId,
          soldAt: now,
          cancelledAt: null,
          cancelledById: null,
          cancelReason: null,
          refundFen: null,
        });
        await tx.insert(WarrantyContract, contract);
        await this.outbox.enqueue(tx, {
          topic: 'warranty.contract.sold',
          key: input.orderNumber,
          idempotencyKey: `warranty-sold-${number}`,
          payload: {
            contract: number,
            orderNumber: input.orderNumber,
            lineNo: input.lineNo,
            plan: plan.code,
            paidFen: plan.priceFen,
            startsOn: contract.startsOn,
            endsOn: contract.endsOn,
            soldBy: principal.jobNumber,
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'warranty.already_covered',
          { orderNumber: input.orderNumber, lineNo: input.lineNo, contract: number },
          `${input.orderNumber} line ${input.lineNo} already has 阳光包 ${number}`,
        );
      }
      throw error;
    }
    return this.get(number);
  }

  async get(number: string): Promise<WarrantyContractDto> {
    const contract = await this.db.getRepository(WarrantyContract).findOne({ where: { number } });
    if (!contract) throw new DomainError('warranty.contract_not_found', { number }, `No 阳光包 contract ${number}`);
    return (await this.views([contract]))[0];
  }

  async find(number: string, manager: EntityManager = this.db.manager): Promise<WarrantyContract> {
    const contract = await manager.findOne(WarrantyContract, { where: { number } });
    if (!contract) throw new DomainError('warranty.contract_not_found', { number }, `No 阳光包 contract ${number}`);
    return contract;
  }

  /** A customer's contracts (by any of their phones' form) or an order's, newest first. */
  async lookup(query: LookupContractsQuery): Promise<WarrantyContractDto[]> {
    const where =
      query.orderNumber !== undefined ? { orderNumber: query.orderNumber } : { customerPhone: CustomersService.phoneOrThrow(query.phone!, 'phone') };
    const contracts = await this.db.getRepository(WarrantyContract).find({ where, order: { id: 'DESC' }, take: 50 });
    return this.views(contracts);
  }

  /** An order's lines (from the read model) with the plans each may join today and the contract it has. */
  async offers(orderNumber: string): Promise<OrderOffersDto> {
    const order = await this.db.getRepository(SalesOrder).findOne({ where: { number: orderNumber } });
    if (!order) throw new DomainError('resource.not_found', { orderNumber }, `Order ${orderNumber} is not in the hotline's order read model`);
    const [lines, plans, contracts] = await Promise.all([
      this.db.getRepository(SalesOrderLine).find({ where: { orderId: order.id }, order: { lineNo: 'ASC' } }),
      this.db.getRepository(WarrantyPlan).find({ order: { code: 'ASC' } }),
      this.db.getRepository(WarrantyContract).find({ where: { orderNumber } }),
    ]);
    const today = this.today();
    const purchasedOn = siteDay(order.soldAt, this.config.SITE_UTC_OFFSET_MINUTES);
    return {
      orderNumber,
      customerPhone: order.customerPhone,
      customerName: order.customerName,
      lines: lines.map((line) => ({
        lineNo: line.lineNo,
        productCode: line.productCode,
        productName: line.productName,
        unitPriceFen: line.unitPriceFen,
        purchasedOn,
        contractNumber: contracts.find((c) => c.lineNo === line.lineNo)?.number ?? null,
        plans: plans
          .filter((plan) => plan.active)
          .map((plan) => {
            const verdict = eligibility(plan, { productCode: line.productCode, priceFen: line.unitPriceFen, purchasedOn }, today);
            return {
              planCode: plan.code,
              planName: plan.name,
              priceFen: plan.priceFen,
              eligible: verdict.eligible,
              reason: verdict.eligible ? null : verdict.reason,
              message: verdict.eligible ? null : verdict.message,
            };
          }),
      })),
    };
  }

  /** What cancelling today would refund. */
  async quote(number: string): Promise<RefundQuoteDto> {
    const contract = await this.find(number);
    this.checkCancellable(contract);
    const day = this.today();
    return { day, ...refundOnCancel(contract, day) };
  }

  /** 退保: the contract ends today with the refund the rules give; the order system is told (it pays the refund). */
  async cancel(number: string, reason: string, principal: StaffPrincipal): Promise<WarrantyContractDto> {
    const day = this.today();
    await this.tx.run(async (tx) => {
      const contract = await this.find(number, tx);
      this.checkCancellable(contract);
      const quote = refundOnCancel(contract, day);
      const result = await tx.update(
        WarrantyContract,
        { id: contract.id, status: 'active' },
        { status: 'cancelled', cancelledAt: new Date(this.clock.now()), cancelledById: principal.staffId, cancelReason: reason, refundFen: quote.refundFen },
      );
      if (result.affected !== 1) this.checkCancellable({ ...contract, status: 'cancelled' });
      await this.outbox.enqueue(tx, {
        topic: 'warranty.contract.cancelled',
        key: contract.orderNumber,
        idempotencyKey: `warranty-cancelled-${number}`,
        payload: {
          contract: number,
          orderNumber: contract.orderNumber,
          lineNo: contract.lineNo,
          refundFen: quote.refundFen,
          basis: quote.basis,
          reason,
          cancelledBy: principal.jobNumber,
        },
      });
    });
    return this.get(number);
  }

  private checkCancellable(contract: WarrantyContract): void {
    if (contract.status === 'cancelled') {
      throw new DomainError('warranty.not_cancellable', { number: contract.number, status: contract.status }, `阳光包 ${contract.number} is already cancelled`);
    }
  }

  /** The line as the read model has it (any fact the request gives must agree), or the request's own copy. */
  private async lineFacts(input: SellContractDto): Promise<LineFacts> {
    const order = await this.db.getRepository(SalesOrder).findOne({ where: { number: input.orderNumber } });
    const line = order && (await this.db.getRepository(SalesOrderLine).findOne({ where: { orderId: order.id, lineNo: input.lineNo } }));
    if (order && !line) {
      throw new DomainError(
        'warranty.order_line_mismatch',
        { orderNumber: input.orderNumber, lineNo: input.lineNo, field: 'lineNo' },
        `Order ${input.orderNumber} has no line ${input.lineNo}`,
      );
    }
    if (order && line) {
      const known: Record<string, string | number> = {
        productCode: line.productCode,
        productPriceFen: line.unitPriceFen,
        purchasedOn: siteDay(order.soldAt, this.config.SITE_UTC_OFFSET_MINUTES),
        customerPhone: order.customerPhone,
      };
      const given: Record<string, string | number | undefined> = {
        productCode: input.productCode,
        productPriceFen: input.productPriceFen,
        purchasedOn: input.purchasedOn,
        customerPhone: input.customerPhone === undefined ? undefined : CustomersService.phoneOrThrow(input.customerPhone, 'customerPhone'),
      };
      for (const field of Object.keys(known)) {
        if (given[field] !== undefined && given[field] !== known[field]) {
          throw new DomainError(
            'warranty.order_line_mismatch',
            { orderNumber: input.orderNumber, lineNo: input.lineNo, field, given: given[field], known: known[field] },
            `${field} ${given[field]} does not match ${input.orderNumber} line ${input.lineNo} in the order system (${known[field]})`,
          );
        }
      }
      return {
        orderLineId: line.id,
        productCode: line.productCode,
        productName: line.productName,
        priceFen: line.unitPriceFen,
        purchasedOn: known.purchasedOn as string,
        customerPhone: order.customerPhone,
        customerName: input.customerName ?? order.customerName,
      };
    }
    const missing = (['productCode', 'productName', 'productPriceFen', 'purchasedOn', 'customerPhone'] as const).filter((f) => input[f] === undefined);
    if (missing.length) {
      throw new DomainError(
        'request.invalid',
        { fields: missing, orderNumber: input.orderNumber },
        `Order ${input.orderNumber} is not in the hotline's order read model: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`,
      );
    }
    return {
      orderLineId: null,
      productCode: input.productCode!,
      productName: input.productName!,
      priceFen: input.productPriceFen!,
      purchasedOn: input.purchasedOn!,
      customerPhone: CustomersService.phoneOrThrow(input.customerPhone!, 'customerPhone'),
      customerName: input.customerName ?? null,
    };
  }

  private async views(contracts: WarrantyContract[]): Promise<WarrantyContractDto[]> {
    const claims = contracts.length
      ? await this.db.getRepository(WarrantyClaim).find({ where: { contractId: In(contracts.map((c) => c.id)) }, order: { id: 'ASC' } })
      : [];
    return contracts.map((c) => ({
      number: c.number,
      planCode: c.planCode,
      planName: c.planName,
      orderNumber: c.orderNumber,
      lineNo: c.lineNo,
      orderLineKnown: c.orderLineId !== null,
      productCode: c.productCode,
      productName: c.productName,
      productPriceFen: c.productPriceFen,
      purchasedOn: c.purchasedOn,
      customerPhone: c.customerPhone,
      customerName: c.customerName,
      paidFen: c.paidFen,
      terms: c.terms,
      soldOn: c.soldOn,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      status: c.status,
      soldAt: c.soldAt,
      cancelledAt: c.cancelledAt,
      cancelReason: c.cancelReason,
      refundFen: c.refundFen,
      claims: claims
        .filter((claim) => claim.contractId === c.id)
        .map((claim) => ({ id: claim.id, faultKind: claim.faultKind, workOrderNumber: claim.workOrderNumber, createdAt: claim.createdAt })),
    }));
  }
}
