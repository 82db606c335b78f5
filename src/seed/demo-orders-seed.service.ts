import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { addDays, siteDay } from '../clock/site-day';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { DeliverySlotsService } from '../orders/delivery-slots/delivery-slots.service';
import { OrdersImportService } from '../orders/import/orders-import.service';
import { SalesOrder } from '../orders/sales-order.entity';

/** The sandbox caller page's default number (+8613800138000): a demo call from it pops these orders. */
export const DEMO_ORDER_CALLER = '13800138000';
/** The demo's delivery centre: 北京配送队 D001 (L001 keeps the imported volumes of the capacity demo). */
export const DEMO_ORDER_CENTRE = 'D001';
export const DEMO_WINDOWS = [
  { timeWindow: '09:00-12:00', slots: 3 },
  { timeWindow: '14:00-18:00', slots: 4 },
  { timeWindow: '18:00-21:00', slots: 2 },
];

/**
 * The order system's demo data, through the real import: the sandbox's default caller (李女士) has a
 * fridge to be delivered and installed tomorrow and a washer whose delivery failed yesterday; 陈先生
 * (13800138201, who has a price-protection work order) a TV delivered. D001 runs three windows a day,
 * and the day after tomorrow's morning is already full — a reschedule into it is refused without a
 * supervisor. Stock of the demo products at the stores and the warehouse. Seeded once (SO-DEMO-1 present → skipped).
 */
@Injectable()
export class DemoOrdersSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly imports: OrdersImportService,
    private readonly slots: DeliverySlotsService,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('seed');
  }

  get enabled(): boolean {
    const c = this.config;
    return c.NODE_ENV !== 'production' && c.SEED_DEMO && (c.SEED_DEMO_ACTIVITY ?? c.NODE_ENV !== 'test');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled || !(await this.db.getRepository(TerminalUnit).existsBy({ code: DEMO_ORDER_CENTRE }))) return;
    const seeded = await this.seed();
    if (seeded) this.logger.info({ orders: seeded }, 'Seeded demo orders, deliveries and stock');
  }

  /** Seeds the demo orders unless they are there; returns the orders written. */
  async seed(): Promise<number> {
    if (this.config.NODE_ENV === 'production') throw new Error('Refusing to seed demo orders in production (NODE_ENV=production)');
    if (await this.db.getRepository(SalesOrder).existsBy({ number: 'SO-DEMO-1' })) return 0;
    const now = new Date(this.clock.now());
    const today = siteDay(now, this.config.SITE_UTC_OFFSET_MINUTES);
    const soldAt = (daysAgo: number) => `${addDays(today, -daysAgo)}T15:20:00+08:00`;
    await this.slots.set(DEMO_ORDER_CENTRE, null, DEMO_WINDOWS);
    const order = (number: string, phone: string, customerName: string, store: string, daysAgo: number) => ({
      order: number,
      phone,
      customerName,
      store,
      soldAt: soldAt(daysAgo),
      version: 1,
    });
    const li = order('SO-DEMO-1', DEMO_ORDER_CALLER, '李女士', 'S001', 3);
    const washer = order('SO-DEMO-2', DEMO_ORDER_CALLER, '李女士', 'S002', 6);
    const chen = order('SO-DEMO-3', '13800138201', '陈先生', 'S001', 9);
    const lines = [
      { ...li, lineNo: 1, productCode: 'P-BCD470', productName: '海尔冰箱 BCD-470 Haier fridge', model: 'BCD-470WDPG', quantity: 1, unitPriceFen: 459900 },
      { ...li, lineNo: 2, productCode: 'S-INSTALL', productName: '上门安装 installation', model: '', quantity: 1, unitPriceFen: 0 },
      {
        ...washer,
        lineNo: 1,
        productCode: 'P-XQG100',
        productName: '小天鹅洗衣机 XQG100 Little Swan washer',
        model: 'TG100V88WMUIADY5',
        quantity: 1,
        unitPriceFen: 329900,
      },
      { ...chen, lineNo: 1, productCode: 'P-65E8', productName: '海信电视 65E8 Hisense TV', model: '65E8N', quantity: 1, unitPriceFen: 699900 },
    ];
    const booking = (reference: string, number: string, kind: string, day: string, timeWindow: string, status: string, address: string, installer = '') => ({
      reference,
      order: number,
      version: 1,
      kind,
      centre: DEMO_ORDER_CENTRE,
      day,
      timeWindow,
      status,
      installer,
      address,
    });
    const home = '北京市朝阳区建国路 88 号 3-1201';
    const bookings = [
      booking('BK-DEMO-1', 'SO-DEMO-1', 'delivery', addDays(today, 1), '09:00-12:00', 'booked', home),
      booking('BK-DEMO-2', 'SO-DEMO-1', 'installation', addDays(today, 1), '14:00-18:00', 'booked', home, '王师傅'),
      booking('BK-DEMO-3', 'SO-DEMO-2', 'delivery', addDays(today, -1), '14:00-18:00', 'failed', home),
      booking('BK-DEMO-4', 'SO-DEMO-3', 'delivery', addDays(today, -7), '09:00-12:00', 'delivered', '北京市海淀区中关村大街 1 号'),
    ];
    // Other customers' bookings fill D001's morning the day after tomorrow (3 of 3).
    const fill = [1, 2, 3].map((i) => order(`SO-DEMO-FILL-${i}`, `1380013830${i}`, `顾客${i}`, 'S002', 1));
    for (const [i, f] of fill.entries()) {
      lines.push({
        ...f,
        lineNo: 1,
        productCode: 'P-KFR35',
        productName: '格力空调 KFR-35 Gree air conditioner',
        model: 'KFR-35GW',
        quantity: 1,
        unitPriceFen: 289900,
      });
      bookings.push(booking(`BK-DEMO-FILL-${i + 1}`, f.order, 'delivery', addDays(today, 2), '09:00-12:00', 'booked', `北京市东城区 ${i + 1} 号`));
    }
    const stock = [
      [
        'P-BCD470',
        '海尔冰箱 BCD-470 Haier fridge',
        [
          ['S001', 6],
          ['S002', 0],
          ['S003', 3],
          ['L001', 140],
          ['L002', 85],
        ],
      ],
      [
        'P-XQG100',
        '小天鹅洗衣机 XQG100 Little Swan washer',
        [
          ['S001', 2],
          ['S002', 4],
          ['L001', 60],
        ],
      ],
      [
        'P-65E8',
        '海信电视 65E8 Hisense TV',
        [
          ['S001', 1],
          ['S003', 5],
          ['L001', 32],
          ['L002', 18],
        ],
      ],
      [
        'P-KFR35',
        '格力空调 KFR-35 Gree air conditioner',
        [
          ['S001', 12],
          ['S002', 9],
          ['L001', 210],
        ],
      ],
    ] as const;
    await this.imports.import({
      lines,
      bookings,
      stock: stock.flatMap(([product, productName, at]) => at.map(([unit, quantity]) => ({ product, productName, unit, quantity }))),
    });
    return 3 + fill.length;
  }
}
