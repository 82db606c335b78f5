import { SchedulingModule } from '../scheduling/scheduling.module';
import { SearchModule } from '../search/search.module';
import { SearchPosting } from '../search/search-posting.entity';
import { DataSource } from 'typeorm';
import { MediumContext, newMediumService } from '../../test/support/medium';
import { TransactionCounter } from '../../test/support/transaction-counter';
import type { StaffPrincipal } from '../auth/auth.decorators';
import { Staff } from '../auth/staff.entity';
import { CustomersModule } from '../customers/customers.module';
import { MetricsRegistry } from '../metrics/metrics';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { CreateWorkOrderDto } from './dtos/work-order.dto';
import { IdempotencyKeysService } from './idempotency-keys.service';
import { SlaPolicy } from './sla-policies/sla-policy.entity';
import { SlaPolicyService } from './sla-policies/sla-policy.service';
import { WorkOrderAudit } from './work-order-audit.entity';
import { WorkOrderCall } from './work-order-call.entity';
import { WorkOrderCreationService } from './work-order-creation.service';
import { WorkOrderDayCounter } from './work-order-day-counter.entity';
import { workOrderEventsProvider } from './work-order-events.service';
import { WorkOrderIdempotencyKey } from './work-order-idempotency-key.entity';
import { WorkOrderNotification } from './work-order-notification.entity';
import { WorkOrderNotificationsService } from './work-order-notifications.service';
import { WorkOrderRemark } from './work-order-remark.entity';
import { WorkOrder } from './work-order.entity';
import { WorkOrdersService } from './work-orders.service';

/** Creating work orders — creations arriving together share one transaction — against the real database of the run (SQLite or MariaDB). */
describe('work-order creation: group commit (medium, real database)', () => {
  let ctx: MediumContext<WorkOrderCreationService>;
  let db: DataSource;
  let orders: WorkOrdersService;
  let creation: WorkOrderCreationService;
  let agent: StaffPrincipal;
  const transactions = new TransactionCounter();

  beforeAll(async () => {
    ctx = await newMediumService(WorkOrderCreationService, {
      imports: [SchedulingModule, CustomersModule, SearchModule],
      providers: [WorkOrdersService, SlaPolicyService, WorkOrderNotificationsService, IdempotencyKeysService, workOrderEventsProvider],
      entities: [
        WorkOrder,
        WorkOrderCall,
        WorkOrderRemark,
        WorkOrderAudit,
        WorkOrderNotification,
        WorkOrderDayCounter,
        SlaPolicy,
        WorkOrderIdempotencyKey,
        SearchPosting,
        TerminalUnit,
        Staff,
      ],
    });
    ({ db, sut: creation } = ctx);
    orders = ctx.get(WorkOrdersService);
    const staff = await db.getRepository(Staff).save({ jobNumber: '1001', name: '李娜', roles: ['agent'], passwordHash: 'not used', unitId: null });
    agent = { staffId: staff.id, jobNumber: staff.jobNumber, roles: staff.roles, unitId: null };
    transactions.watch(db);
  });
  afterAll(() => ctx.close());
  beforeEach(() => transactions.reset());

  let next = 0;
  const request = (over: Partial<CreateWorkOrderDto> = {}): CreateWorkOrderDto => {
    const n = next++;
    return {
      channel: 'hotline',
      type: 'complaint',
      category: 'delivery_late',
      terminal: 'dispatch',
      customerPhone: `1390000${String(n % 7).padStart(4, '0')}`,
      description: `creation ${n}`,
      callSid: 'CA' + (0xc0ffee00 + n).toString(16).padStart(32, '0'),
      ...over,
    };
  };
  const sequenceOf = (number: string) => Number(number.split('-')[1]);
  /** The work-order group commit's figures, as Prometheus reads them (GET /metrics answers this text). */
  const scraped = async () => {
    const text = await ctx.get(MetricsRegistry).metrics();
    const value = (name: string) => Number(new RegExp(`^${name}\\{writer="work_orders"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    return {
      transactions: value('hotline_group_commit_batch_size_count'),
      writes: value('hotline_group_commit_batch_size_sum'),
      fallbacks: value('hotline_group_commit_fallbacks_total'),
    };
  };

  it('writes creations that arrive together in one transaction, each order with its own number, customer, call and audit entry', async () => {
    const newPhone = '+8613911112222';
    const inputs = [
      ...Array.from({ length: 12 }, () => request()),
      request({ customerPhone: newPhone, customerName: '王女士' }),
      request({ customerPhone: newPhone, callSid: undefined }), // the same new caller twice in one batch: one customer
      request({ channel: 'consumer_association' }), // major by channel: notifies management
    ];
    const before = await scraped();
    const views = await Promise.all(inputs.map((input) => creation.create(input, agent)));
    expect(transactions).toEqual({ committed: 1, rolledBack: 0 });
    expect(await scraped()).toEqual({ transactions: before.transactions + 1, writes: before.writes + inputs.length, fallbacks: before.fallbacks });

    // Gap-free and in the order they arrived.
    const sequences = views.map((v) => sequenceOf(v.number));
    expect(sequences).toEqual(sequences.map((_, i) => sequences[0] + i));
    for (const [i, view] of views.entries()) {
      const stored = await orders.get(view.number, agent);
      expect(stored).toMatchObject({
        number: view.number,
        version: view.version,
        description: inputs[i].description,
        customer: { phone: view.customer.phone },
      });
      expect(stored.calls?.map((c) => c.callSid)).toEqual(inputs[i].callSid ? [inputs[i].callSid] : []);
      const trail = await orders.auditTrail(view.number, agent);
      expect(trail).toEqual([expect.objectContaining({ action: 'create', by: '1001', after: expect.objectContaining({ number: view.number }) })]);
    }
    expect(views[12].customer).toMatchObject({ phone: newPhone, name: '王女士' });
    expect(views[13].customer.id).toBe(views[12].customer.id);
    expect(views[14].severity).toBe('major');
    const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM customer_phone WHERE phone = ?', [newPhone]);
    expect(Number(n)).toBe(1);
  });

  it('fails only the bad creation of a batch, and keeps the numbers gap-free', async () => {
    const ghost: StaffPrincipal = { ...agent, staffId: 987654 }; // no such staff: its order breaks a foreign key
    const inputs = Array.from({ length: 6 }, () => request());
    const before = await scraped();
    const results = await Promise.allSettled(inputs.map((input, i) => creation.create(input, i === 2 ? ghost : agent)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // The batch rolled back, then each creation was written alone.
    expect(transactions).toEqual({ committed: 5, rolledBack: 2 });
    expect(await scraped()).toEqual({ transactions: before.transactions + 1, writes: before.writes + inputs.length, fallbacks: before.fallbacks + 1 });
    // Written alone side by side (MariaDB), they may take their numbers in any order — but no number is skipped.
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [sequenceOf(r.value.number)] : [])).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
    const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM work_order WHERE description = ?', [inputs[2].description]);
    expect(Number(n)).toBe(0);
  });
});
