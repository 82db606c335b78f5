import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, Like } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { Staff } from '../auth/staff.entity';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { addDays, siteDay } from '../clock/site-day';
import { UnitDayVolume } from '../quality/volumes/unit-day-volume.entity';
import { WorkOrder } from '../work-orders/work-order.entity';
import { ClaimsService } from '../work-orders/claims.service';
import { CreateWorkOrderDto } from '../work-orders/dtos/work-order.dto';
import { WorkOrderCreationService } from '../work-orders/work-order-creation.service';
import { WorkOrderLifecycleService } from '../work-orders/work-order-lifecycle.service';
import { WorkOrdersService } from '../work-orders/work-orders.service';

/**
 * Booked deliveries per logistics centre for the days around the seed day (offset from today): one
 * over-booked upcoming day — L001 the day after tomorrow, 420 of 400 — and every other day under 90 %.
 */
export const DEMO_BOOKINGS: Record<string, number[]> = {
  // days −3 … +3
  L001: [300, 320, 310, 290, 330, 420, 280],
  L002: [200, 210, 190, 220, 240, 230, 250],
};
/** Sales per store for the last four days (complaint rates per 1 000 sales). */
export const DEMO_SALES: Record<string, number[]> = { S001: [180, 210, 195, 120], S002: [150, 140, 160, 90], S003: [120, 130, 110, 70] };
/** The seeded complaint spike (爆发点): six rude-staff complaints at S002 today. */
export const DEMO_SPIKE = { unitCode: 'S002', category: 'staff_attitude', count: 6, tag: 'DEMO-SPIKE-' };

/** Tag of the desk's demo orders (externalOrderNumber), one per order so each is seeded once. */
export const DEMO_DESK_TAG = 'DEMO-DESK-';
/** The agent who files the desk's demo orders (and so finds them under 我的工单 and 待跟进). */
export const DEMO_DESK_AGENT = '1003';
type DeskStep = 'start' | 'solution' | 'remark' | 'claim' | 'overdue';
/**
 * Work orders so every role's inbox has rows on a fresh demo site: S001's store staff (4001) find one to
 * start, one in progress with a flagged remark and a claim, one awaiting the customer's acceptance and one
 * overdue; the logistics centre and the dispatch team one each. Fewer than HOT_SPOT_MIN_COUNT per unit and
 * cause, so they raise no alert of their own.
 */
export const DEMO_DESK_ORDERS: { order: Omit<CreateWorkOrderDto, 'externalOrderNumber'>; steps: DeskStep[] }[] = [
  {
    order: {
      channel: 'hotline',
      type: 'complaint',
      category: 'price_protection',
      terminal: 'store',
      unitCode: 'S001',
      customerPhone: '13800138201',
      customerName: '陈先生',
      product: '洗衣机',
      description: '购买一周后降价200元，要求价保 price dropped a week after purchase',
    },
    steps: [],
  },
  {
    order: {
      channel: 'store_walk_in',
      type: 'complaint',
      category: 'damaged_goods',
      terminal: 'store',
      unitCode: 'S001',
      customerPhone: '13800138202',
      customerName: '林女士',
      product: '冰箱',
      description: '门店提货时冰箱门凹陷 fridge door dented at pick-up',
    },
    steps: ['start', 'remark', 'claim'],
  },
  {
    order: {
      channel: 'hotline',
      type: 'complaint',
      category: 'promotion_dispute',
      terminal: 'store',
      unitCode: 'S001',
      customerPhone: '13800138203',
      customerName: '黄先生',
      description: '满减活动未兑现 the promotion discount was not applied',
    },
    steps: ['start', 'solution'],
  },
  {
    order: {
      channel: 'web',
      type: 'service_request',
      category: 'other',
      terminal: 'store',
      unitCode: 'S001',
      customerPhone: '13800138204',
      description: '要求补开购物小票 asks for a copy of the receipt',
    },
    steps: ['overdue'],
  },
  {
    order: {
      channel: 'hotline',
      type: 'complaint',
      category: 'not_shipped',
      terminal: 'logistics',
      unitCode: 'L001',
      customerPhone: '13800138205',
      customerName: '周女士',
      product: '空调',
      description: '下单五天仍未发货 not shipped five days after the order',
    },
    steps: [],
  },
  {
    order: {
      channel: 'hotline',
      type: 'complaint',
      category: 'late_delivery',
      terminal: 'dispatch',
      unitCode: 'D001',
      customerPhone: '13800138206',
      product: '电视',
      description: '约定上午送货，下午仍未送到 promised morning delivery, still not there',
    },
    steps: ['overdue'],
  },
];

/**
 * Demo activity for the quality alerts, so a newcomer sees one capacity warning and one hot spot:
 * daily volumes (only unit-days still missing are added) and, once, a complaint spike at one store and
 * cause, created through WorkOrderCreationService as an agent would. Idempotent; never in production.
 */
@Injectable()
export class DemoActivitySeedService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly workOrders: WorkOrderCreationService,
    private readonly lifecycle: WorkOrderLifecycleService,
    private readonly orders: WorkOrdersService,
    private readonly claims: ClaimsService,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('seed');
  }

  get enabled(): boolean {
    const c = this.config;
    return c.NODE_ENV !== 'production' && c.SEED_DEMO && (c.SEED_DEMO_ACTIVITY ?? c.NODE_ENV !== 'test');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled || !(await this.db.getRepository(TerminalUnit).existsBy({ code: 'L001' }))) return;
    const created = await this.seed();
    if (created.volumes || created.workOrders) this.logger.info(created, 'Seeded demo activity for the quality alerts');
  }

  async seed(now = new Date(this.clock.now())): Promise<{ volumes: number; workOrders: number }> {
    if (this.config.NODE_ENV === 'production') throw new Error('Refusing to seed demo activity in production (NODE_ENV=production)');
    const today = siteDay(now, this.config.SITE_UTC_OFFSET_MINUTES);
    const units = new Map((await this.db.getRepository(TerminalUnit).find()).map((u) => [u.code, u.id]));
    const wanted: Omit<UnitDayVolume, 'id' | 'unit'>[] = [];
    for (const [code, bookings] of Object.entries(DEMO_BOOKINGS)) {
      bookings.forEach(
        (n, i) =>
          units.has(code) &&
          wanted.push({ unitId: units.get(code)!, day: addDays(today, i - 3), bookedDeliveries: n, sales: null, capacity: null, updatedAt: now }),
      );
    }
    for (const [code, sales] of Object.entries(DEMO_SALES)) {
      sales.forEach(
        (n, i) =>
          units.has(code) &&
          wanted.push({ unitId: units.get(code)!, day: addDays(today, i - 3), bookedDeliveries: null, sales: n, capacity: null, updatedAt: now }),
      );
    }
    const volumes = await this.tx.run(async (tx) => {
      let added = 0;
      for (const row of wanted) {
        if (await tx.existsBy(UnitDayVolume, { unitId: row.unitId, day: row.day })) continue;
        await tx.insert(UnitDayVolume, row);
        added++;
      }
      return added;
    });

    let workOrders = 0;
    const agent = await this.db.getRepository(Staff).findOneBy({ jobNumber: '1001' });
    const seeded = await this.db.getRepository(WorkOrder).existsBy({ externalOrderNumber: Like(`${DEMO_SPIKE.tag}%`) });
    if (agent && units.has(DEMO_SPIKE.unitCode) && !seeded) {
      const principal = { staffId: agent.id, jobNumber: agent.jobNumber, roles: agent.roles, unitId: agent.unitId };
      for (let i = 1; i <= DEMO_SPIKE.count; i++) {
        await this.workOrders.create(
          {
            channel: 'hotline',
            type: 'complaint',
            category: DEMO_SPIKE.category,
            terminal: 'store',
            unitCode: DEMO_SPIKE.unitCode,
            customerPhone: `1380013${String(8100 + i).padStart(4, '0')}`,
            externalOrderNumber: `${DEMO_SPIKE.tag}${i}`,
            description: `店员态度差 staff were rude at the store (demo complaint ${i})`,
          },
          principal,
        );
        workOrders++;
      }
    }
    workOrders += await this.seedDesk(units);
    return { volumes, workOrders };
  }

  /** The desk's demo orders, each created and moved through the real services as staff would; those already there are skipped. */
  private async seedDesk(units: Map<string, number>): Promise<number> {
    const staff = this.db.getRepository(Staff);
    const [agent, store] = await Promise.all([staff.findOneBy({ jobNumber: DEMO_DESK_AGENT }), staff.findOneBy({ jobNumber: '4001' })]);
    if (!agent || !store) return 0;
    const as = (s: Staff) => ({ staffId: s.id, jobNumber: s.jobNumber, roles: s.roles, unitId: s.unitId });
    let created = 0;
    for (const [i, { order, steps }] of DEMO_DESK_ORDERS.entries()) {
      const tag = `${DEMO_DESK_TAG}${i + 1}`;
      if (!units.has(order.unitCode!) || (await this.db.getRepository(WorkOrder).existsBy({ externalOrderNumber: tag }))) continue;
      let view = await this.workOrders.create({ ...order, externalOrderNumber: tag }, as(agent));
      const worker = order.unitCode === 'S001' ? as(store) : as(agent);
      for (const step of steps) {
        if (step === 'start') view = await this.lifecycle.start(view.number, { expectedVersion: view.version }, worker);
        if (step === 'solution')
          view = await this.lifecycle.proposeSolution(
            view.number,
            { expectedVersion: view.version, solution: '按价差补偿积分，顾客待确认 compensate the difference in points; awaiting the customer' },
            worker,
          );
        if (step === 'remark')
          await this.orders.addRemark(
            view.number,
            { reason: '顾客要求上门更换门板 customer wants the door replaced at home', flag: 'special_instruction' },
            worker,
          );
        if (step === 'claim')
          await this.claims.create(
            view.number,
            { responsibleParty: 'store', responsibleUnitCode: order.unitCode!, amount: 300, evidence: '门板凹陷照片 photos of the dent' },
            as(agent),
          );
        if (step === 'overdue') await this.makeOverdue(view.number);
      }
      created++;
    }
    return created;
  }

  /**
   * A demo order already past its deadline: the services take "now" from the clock, so the seed moves the
   * order's deadlines back by its resolution time, as if it had been filed then, and audits that it did.
   */
  private async makeOverdue(number: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const order = await tx.findOneByOrFail(WorkOrder, { number });
      const back = order.dueAt.getTime() - order.createdAt.getTime() + 3 * 3_600_000; // three hours overdue
      const moved = {
        dueAt: new Date(order.dueAt.getTime() - back),
        escalateAt: order.escalateAt && new Date(order.escalateAt.getTime() - back),
        firstResponseDueAt: order.firstResponseDueAt && new Date(order.firstResponseDueAt.getTime() - back),
      };
      await tx.update(WorkOrder, { id: order.id }, moved);
      await this.orders.audit(
        tx,
        order.id,
        'update',
        null,
        new Date(this.clock.now()),
        { dueAt: order.dueAt },
        { dueAt: moved.dueAt },
        'demo seed: made overdue',
      );
    });
  }
}
