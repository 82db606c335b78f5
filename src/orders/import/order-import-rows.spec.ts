import { checkImportRows } from './order-import-rows';

const refs = {
  units: new Map([
    ['S001', { id: 1, terminal: 'store' as const }],
    ['L001', { id: 4, terminal: 'logistics' as const }],
  ]),
  normalisePhone: (raw: string) => (/^1\d{10}$/.test(raw) ? `+86${raw}` : null),
};
const line = (extra: Record<string, unknown> = {}) => ({
  order: 'SO1',
  phone: '13800138000',
  store: 'S001',
  soldAt: '2026-12-06T10:00:00+08:00',
  version: '3', // a CSV's text
  lineNo: 1,
  productCode: 'P100',
  productName: '冰箱',
  quantity: 1,
  unitPriceFen: 459900,
  ...extra,
});

describe('the order import’s rows', () => {
  it('takes an order’s header once from its lines, numbers as JSON numbers or CSV text', () => {
    const check = checkImportRows({ lines: [line(), line({ lineNo: '2', productCode: 'P101' })] }, refs);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect([...check.rows.orders.values()]).toEqual([
      { number: 'SO1', customerPhone: '+8613800138000', customerName: null, storeUnitId: 1, soldAt: new Date('2026-12-06T02:00:00Z'), version: 3 },
    ]);
    expect(check.rows.lines.map((l) => l.lineNo)).toEqual([1, 2]);
  });

  it('names every bad row: unknown field, wrong terminal, no offset, a header that differs, a repeated line, a booking’s status', () => {
    const check = checkImportRows(
      {
        lines: [line(), line({ lineNo: 2, version: 4 }), line({ lineNo: 1 }), line({ order: 'SO2', store: 'L001', soldAt: '2026-12-06 10:00', colour: 'red' })],
        bookings: [
          { reference: 'B1', order: 'SO1', version: 3, kind: 'delivery', centre: 'S001', day: '2026-02-30', timeWindow: '9-12', status: 'lost', address: 'x' },
        ],
      },
      refs,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.findings.map((f) => f.message)).toEqual([
      "lines row 2: order SO1's version differs from its earlier line",
      'lines row 3: order SO1 line 1 already given in row 1',
      'lines row 4: unknown field "colour" (allowed: order, phone, customerName, store, soldAt, version, lineNo, productCode, productName, model, quantity, unitPriceFen)',
      'lines row 4: store "L001" is a logistics unit, not store',
      'lines row 4: soldAt "2026-12-06 10:00" is not an instant with its offset (2026-12-06T10:15:00+08:00)',
      'bookings row 1: status must be one of booked, loading, on_the_way, delivered, failed',
      'bookings row 1: day "2026-02-30" is not a calendar date YYYY-MM-DD',
      'bookings row 1: centre "S001" is a store unit, not logistics or dispatch',
      'bookings row 1: timeWindow "9-12" is not a time window HH:MM-HH:MM',
    ]);
  });

  it('refuses an empty import and one over the row limit as a whole', () => {
    expect(checkImportRows({}, refs)).toMatchObject({ ok: false, findings: [{ row: 0, code: 'orders_import.no_rows' }] });
    expect(checkImportRows({ stock: new Array(20_001).fill({}) }, refs)).toMatchObject({ ok: false, findings: [{ code: 'orders_import.too_many_rows' }] });
  });
});
