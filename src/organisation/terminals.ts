/* No decorators or framework here: the web pages import these too. */

/** The terminals (终端) a work order can be held against. */
export const TERMINALS = ['dispatch', 'logistics', 'store', 'after_sales', 'manufacturer', 'invoice', 'membership', 'warranty'] as const;
export type Terminal = (typeof TERMINALS)[number];
// dispatch 配送 · logistics 物流 · store 门店 · after_sales 售后/安装 · manufacturer 厂家 · invoice 发票 · membership 会员 · warranty 延保

/** How reports and exports name the terminals, Chinese first. */
export const TERMINAL_LABELS: Record<Terminal, { zh: string; en: string }> = {
  dispatch: { zh: '配送', en: 'Dispatch' },
  logistics: { zh: '物流', en: 'Logistics' },
  store: { zh: '门店', en: 'Stores' },
  after_sales: { zh: '售后/安装', en: 'After-sales' },
  manufacturer: { zh: '厂家', en: 'Manufacturer' },
  invoice: { zh: '发票', en: 'Invoices' },
  membership: { zh: '会员', en: 'Membership' },
  warranty: { zh: '延保', en: 'Warranty' },
};

/** A unit's code: S001 (stores), L001 (logistics), D001 (dispatch), A001 (after-sales), M001 (manufacturers). */
export const UNIT_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
