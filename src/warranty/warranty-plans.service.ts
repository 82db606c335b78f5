import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../http/errors/domain-error';
import { UpdateWarrantyPlanDto, WarrantyPlanDto, WarrantyPlanInput } from './dtos/warranty-plan.dto';
import { WarrantyPlan } from './warranty-plan.entity';

/** The 阳光包 plans: listed for everyone who sells them, written by supervisors. */
@Injectable()
export class WarrantyPlansService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {}

  async list(): Promise<WarrantyPlanDto[]> {
    return (await this.db.getRepository(WarrantyPlan).find({ order: { code: 'ASC' } })).map(planView);
  }

  async byCode(code: string): Promise<WarrantyPlan> {
    const plan = await this.db.getRepository(WarrantyPlan).findOne({ where: { code } });
    if (!plan) throw new DomainError('warranty.plan_not_found', { code }, `No 阳光包 plan ${code}`);
    return plan;
  }

  async create(input: WarrantyPlanInput): Promise<WarrantyPlanDto> {
    checkBand(input.minPriceFen, input.maxPriceFen ?? null);
    try {
      const id = await this.tx.run(async (tx) => {
        const result = await tx.insert(WarrantyPlan, {
          ...input,
          maxPriceFen: input.maxPriceFen ?? null,
          active: input.active ?? true,
          updatedAt: new Date(this.clock.now()),
        });
        return Number(result.identifiers[0].id);
      });
      return planView(await this.db.getRepository(WarrantyPlan).findOneByOrFail({ id }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('warranty.plan_code_taken', { code: input.code }, `A plan with code ${input.code} already exists`);
      throw error;
    }
  }

  /** Changes a plan; contracts already sold keep the terms they were sold with. */
  async update(code: string, input: UpdateWarrantyPlanDto): Promise<WarrantyPlanDto> {
    try {
      const id = await this.tx.run(async (tx) => {
        const plan = await tx.findOne(WarrantyPlan, { where: { code } });
        if (!plan) throw new DomainError('warranty.plan_not_found', { code }, `No 阳光包 plan ${code}`);
        const changed = { ...plan, ...input, updatedAt: new Date(this.clock.now()) };
        checkBand(changed.minPriceFen, changed.maxPriceFen);
        await tx.update(WarrantyPlan, { id: plan.id }, { ...input, updatedAt: changed.updatedAt });
        return plan.id;
      });
      return planView(await this.db.getRepository(WarrantyPlan).findOneByOrFail({ id }));
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('warranty.plan_code_taken', { code: input.code ?? code }, `A plan with code ${input.code} already exists`);
      throw error;
    }
  }
}

function checkBand(min: number, max: number | null): void {
  if (max !== null && max < min) {
    throw new DomainError('warranty.plan_invalid', { field: 'maxPriceFen', minPriceFen: min, maxPriceFen: max }, 'maxPriceFen must not be below minPriceFen');
  }
}

export function planView(plan: WarrantyPlan): WarrantyPlanDto {
  return {
    id: plan.id,
    code: plan.code,
    name: plan.name,
    products: plan.products,
    minPriceFen: plan.minPriceFen,
    maxPriceFen: plan.maxPriceFen,
    joinWindowDays: plan.joinWindowDays,
    priceFen: plan.priceFen,
    coveredFaults: plan.coveredFaults,
    startsAfterMonths: plan.startsAfterMonths,
    termMonths: plan.termMonths,
    fullRefundDays: plan.fullRefundDays,
    cancellationFeeFen: plan.cancellationFeeFen,
    active: plan.active,
    updatedAt: plan.updatedAt,
  };
}
