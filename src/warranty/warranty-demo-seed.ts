import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { Staff } from '../auth/staff.entity';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { addDays, siteDay } from '../clock/site-day';
import { TransactionRunner } from '../database/transaction-runner';
import { WarrantyContract } from './warranty-contract.entity';
import { WarrantyPlan } from './warranty-plan.entity';
import { coverPeriod } from './warranty-rules';

/** The demo's 阳光包 plans (a newcomer sells and claims on them after `npm start`). Product codes by prefix: KT 空调, BX 冰箱, TV 电视. */
export const DEMO_WARRANTY_PLANS = [
  {
    code: 'YG-KT-3Y',
    name: '阳光包·空调三年',
    products: ['KT*'],
    minPriceFen: 200_000,
    maxPriceFen: 3_000_000,
    priceFen: 29_900,
    termMonths: 36,
    fullRefundDays: 15,
    cancellationFeeFen: 3000,
    joinWindowDays: 30,
  },
  {
    code: 'YG-BX-2Y',
    name: '阳光包·冰箱两年',
    products: ['BX*'],
    minPriceFen: 150_000,
    maxPriceFen: null,
    priceFen: 19_900,
    termMonths: 24,
    fullRefundDays: 15,
    cancellationFeeFen: 2000,
    joinWindowDays: 30,
  },
  {
    code: 'YG-TV-3Y',
    name: '阳光包·电视三年',
    products: ['TV*'],
    minPriceFen: 300_000,
    maxPriceFen: 5_000_000,
    priceFen: 39_900,
    termMonths: 36,
    fullRefundDays: 7,
    cancellationFeeFen: 5000,
    joinWindowDays: 7,
  },
].map((plan) => ({ ...plan, coveredFaults: ['performance' as const], startsAfterMonths: 12, active: true }));

/** Demo contracts: one in cover (bought 400 days ago, past the maker's year), one still in the maker's year. */
const DEMO_CONTRACTS = [
  {
    plan: 'YG-KT-3Y',
    orderNumber: 'SO-DEMO-0001',
    productCode: 'KT-GREE-35',
    productName: '格力 云佳 1.5匹 变频空调',
    productPriceFen: 329_900,
    daysAgo: 400,
    phone: '+8613800138000',
    name: '王芳',
  },
  {
    plan: 'YG-BX-2Y',
    orderNumber: 'SO-DEMO-0002',
    productCode: 'BX-HAIER-470',
    productName: '海尔 470升 十字对开门冰箱',
    productPriceFen: 459_900,
    daysAgo: 12,
    phone: '+8613800138000',
    name: '王芳',
  },
];

/** Seeds the demo plans and contracts once, when the demo site is seeded and none exist yet. Never in production. */
@Injectable()
export class WarrantyDemoSeed implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('seed');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.NODE_ENV === 'production' || !this.config.SEED_DEMO) return;
    const seller = await this.db.getRepository(Staff).findOne({ where: { jobNumber: '1001' } });
    if (!seller || (await this.db.getRepository(WarrantyPlan).count()) > 0) return;
    const now = new Date(this.clock.now());
    const today = siteDay(now, this.config.SITE_UTC_OFFSET_MINUTES);
    await this.tx.run(async (tx) => {
      await tx.insert(
        WarrantyPlan,
        DEMO_WARRANTY_PLANS.map((plan) => ({ ...plan, updatedAt: now })),
      );
      const plans = await tx.find(WarrantyPlan);
      for (const demo of DEMO_CONTRACTS) {
        const plan = plans.find((p) => p.code === demo.plan)!;
        const terms = {
          coveredFaults: plan.coveredFaults,
          startsAfterMonths: plan.startsAfterMonths,
          termMonths: plan.termMonths,
          fullRefundDays: plan.fullRefundDays,
          cancellationFeeFen: plan.cancellationFeeFen,
        };
        const purchasedOn = addDays(today, -demo.daysAgo);
        await tx.insert(WarrantyContract, {
          number: `YB${demo.orderNumber}-1`,
          planId: plan.id,
          planCode: plan.code,
          planName: plan.name,
          orderLineId: null,
          orderNumber: demo.orderNumber,
          lineNo: 1,
          productCode: demo.productCode,
          productName: demo.productName,
          productPriceFen: demo.productPriceFen,
          purchasedOn,
          customerPhone: demo.phone,
          customerName: demo.name,
          paidFen: plan.priceFen,
          terms,
          soldOn: purchasedOn,
          ...coverPeriod(terms, purchasedOn),
          status: 'active',
          soldById: seller.id,
          soldAt: now,
          cancelledAt: null,
          cancelledById: null,
          cancelReason: null,
          refundFen: null,
        });
      }
    });
    this.logger.info({ plans: DEMO_WARRANTY_PLANS.length, contracts: DEMO_CONTRACTS.length }, 'Seeded the demo 阳光包 plans and contracts');
  }
}
