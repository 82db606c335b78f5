import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { TransactionCounter } from '../../test/support/transaction-counter';
import { Customer } from '../customers/customer.entity';
import { CustomersService } from '../customers/customers.service';
import { RoutingConfigService } from '../routing/routing-config.service';
import { Skill } from '../routing/skill.entity';
import { TransactionRunner } from './transaction-runner';

/**
 * One TransactionRunner for the whole server: transactions that two modules start at the same moment
 * both commit, on the engine of the run. On SQLite (one shared connection) this holds only because
 * both go through the runner's queue — two raw `db.transaction`s at once would nest as savepoints.
 */
describe('transactions from two modules at once (medium, real database)', () => {
  let t: TestApp;
  let db: DataSource;
  const transactions = new TransactionCounter();

  // A start that once took over 30 s late in a clean CI run (after 130 files in one Jest process; 9 s alone): given room.
  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    transactions.watch(db);
  }, 120_000);
  afterAll(() => t?.close());

  it('is one instance, injected into every module', () => {
    const runner = t.app.get(TransactionRunner);
    expect(runner).toBeInstanceOf(TransactionRunner);
    expect(t.app.get(RoutingConfigService)['tx']).toBe(runner);
    expect(t.app.get(CustomersService)['tx']).toBe(runner);
  });

  it('commits both of two concurrent transactions from the routing and customers modules, each with all its rows', async () => {
    transactions.reset();
    const routing = t.app.get(RoutingConfigService);
    const customers = t.app.get(CustomersService);
    const writes = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => [
        routing.createSkill({ code: `concurrent_${i}`, name: `concurrent skill ${i}` }),
        customers.create({ name: `并发 ${i}`, phones: [`1391234000${i}`, `1391234100${i}`] }),
      ]).flat(),
    );
    expect(writes.map((w) => w.status)).toEqual(Array(8).fill('fulfilled'));
    expect(transactions).toEqual({ committed: 8, rolledBack: 0 });
    for (let i = 0; i < 4; i++) {
      expect(await db.getRepository(Skill).existsBy({ code: `concurrent_${i}` })).toBe(true);
      const customer = await db.getRepository(Customer).findOne({ where: { name: `并发 ${i}` }, relations: { phones: true } });
      expect(customer?.phones?.map((p) => p.phone).sort()).toEqual([`+861391234000${i}`, `+861391234100${i}`]);
    }
  });
});
