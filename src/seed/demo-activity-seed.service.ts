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
import { WorkOrderCreationService } from '../work-orders/work-order-creation.service';

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
      bookings.forEach((n, i) => units.has(code) && wanted.push({ unitId: units.get(code)!, day: addDays(today, i - 3), bookedDeliveries: n, sales: null, capacity: null, updatedAt: now }));
    }
    for (const [code, sales] of Object.entries(DEMO_SALES)) {
      sales.forEach((n, i) => units.has(code) && wanted.push({ unitId: units.get(code)!, day: addDays(today, i - 3), bookedDeliveries: null, sales: n, capacity: null, updatedAt: now }));
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
        await this.workOrders.create({
          channel: 'hotline', type: 'complaint', category: DEMO_SPIKE.category, terminal: 'store', unitCode: DEMO_SPIKE.unitCode,
          customerPhone: `1380013${String(8100 + i).padStart(4, '0')}`, externalOrderNumber: `${DEMO_SPIKE.tag}${i}`,
          description: `店员态度差 staff were rude at the store (demo complaint ${i})`,
        }, principal);
        workOrders++;
      }
    }
    return { volumes, workOrders };
  }
}
