import { DataSource } from 'typeorm';
import { MediumGraph, newMediumGraph } from '../../test/support/medium';
import { Customer, CustomerPhone } from '../customers/customer.entity';
import { insertRows } from './insert-rows';

/** insertRows against the real database of the run (SQLite or MariaDB): what it writes reads back through TypeORM unchanged. */
describe('insertRows (medium, real database)', () => {
  let graph: MediumGraph;
  let db: DataSource;

  beforeAll(async () => {
    graph = await newMediumGraph({ entities: [Customer, CustomerPhone] });
    db = graph.db;
  });
  afterAll(() => graph.close());

  it('writes several rows, each value converted as TypeORM converts it (booleans, JSON, instants, nulls)', async () => {
    const at = new Date('2026-11-22T01:02:03.456Z');
    const customers = [
      db.manager.create(Customer, {
        name: '张先生 insertRows',
        memberNumber: null,
        vip: true,
        addresses: [{ label: '家', address: '南京路 1 号' }],
        createdAt: at,
        updatedAt: at,
      }),
      db.manager.create(Customer, {
        name: 'insertRows two',
        memberNumber: 'M-7',
        vip: false,
        addresses: [],
        createdAt: at,
        updatedAt: new Date(at.getTime() + 1),
      }),
    ];
    await insertRows(db.manager, Customer, customers);
    const read = await db.getRepository(Customer).find({ where: [{ name: customers[0].name! }, { name: customers[1].name! }], order: { id: 'ASC' } });
    expect(read.map(({ id: _id, ...rest }) => rest)).toEqual(customers.map((c) => ({ ...c })));
  });

  it('writes only the columns asked for, leaving the others null', async () => {
    const at = new Date('2026-11-22T02:00:00.000Z');
    await insertRows(
      db.manager,
      Customer,
      [db.manager.create(Customer, { name: 'insertRows partial', memberNumber: 'never written', vip: false, addresses: [], createdAt: at, updatedAt: at })],
      ['name', 'vip', 'addresses', 'createdAt', 'updatedAt'],
    );
    expect(await db.getRepository(Customer).findOneByOrFail({ name: 'insertRows partial' })).toMatchObject({ memberNumber: null, createdAt: at });
  });

  it('refuses a row missing a column instead of writing a default it did not choose', async () => {
    const incomplete = db.manager.create(Customer, { name: 'insertRows incomplete', vip: false, addresses: [] });
    await expect(insertRows(db.manager, Customer, [incomplete])).rejects.toThrow('insertRows: customer.memberNumber is not given');
    expect(await db.getRepository(Customer).countBy({ name: 'insertRows incomplete' })).toBe(0);
  });
});
