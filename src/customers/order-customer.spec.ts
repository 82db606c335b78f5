import { customerFromOrders } from './order-customer';

describe('customerFromOrders', () => {
  const order = (number: string, customerName: string | null, ...addresses: string[]) => ({
    number,
    customerName,
    bookings: addresses.map((address) => ({ address })),
  });

  it('is nobody without orders', () => {
    expect(customerFromOrders([])).toBeNull();
  });

  it('takes the newest order’s name and its newest booking’s address', () => {
    expect(customerFromOrders([order('SO2', '李女士', '朝阳区 2 号', '朝阳区 1 号'), order('SO1', '李女', '海淀区')])).toEqual({
      name: '李女士',
      address: '朝阳区 2 号',
      orderNumber: 'SO2',
    });
  });

  it('falls back to an older order for a missing name or an order without bookings', () => {
    expect(customerFromOrders([order('SO3', ' '), order('SO2', null, '西城区 3 号'), order('SO1', '赵先生')])).toEqual({
      name: '赵先生',
      address: '西城区 3 号',
      orderNumber: 'SO3',
    });
    expect(customerFromOrders([order('SO1', null)])).toEqual({ name: null, address: null, orderNumber: 'SO1' });
  });
});
