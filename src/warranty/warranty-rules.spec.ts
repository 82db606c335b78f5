import { addMonths, claimVerdict, ContractState, coverPeriod, eligibility, PlanRules, refundOnCancel } from './warranty-rules';

const plan: PlanRules = { active: true, products: ['KT*', 'BX-100'], minPriceFen: 200_000, maxPriceFen: 1_500_000, joinWindowDays: 30 };
const terms = { coveredFaults: ['performance' as const], startsAfterMonths: 12, termMonths: 24, fullRefundDays: 7, cancellationFeeFen: 2000 };

describe('eligibility', () => {
  const line = { productCode: 'KT-3500', priceFen: 399_900, purchasedOn: '2026-11-20' };

  it('sells a covered product in the price band within the join window', () => {
    expect(eligibility(plan, line, '2026-12-06')).toEqual({ eligible: true });
    expect(eligibility(plan, { ...line, productCode: 'BX-100' }, '2026-12-20')).toEqual({ eligible: true });
  });

  it('says why it refuses', () => {
    const reason = (p: PlanRules, l: typeof line, today: string) => {
      const e = eligibility(p, l, today);
      return e.eligible ? null : e.reason;
    };
    expect(reason({ ...plan, active: false }, line, '2026-12-06')).toBe('plan_inactive');
    expect(reason(plan, { ...line, productCode: 'BX-1000' }, '2026-12-06')).toBe('product_not_covered');
    expect(reason(plan, { ...line, priceFen: 199_999 }, '2026-12-06')).toBe('price_out_of_band');
    expect(reason(plan, { ...line, priceFen: 1_500_001 }, '2026-12-06')).toBe('price_out_of_band');
    expect(reason({ ...plan, maxPriceFen: null }, { ...line, priceFen: 9_999_999 }, '2026-12-06')).toBeNull();
    expect(reason(plan, line, '2026-12-20')).toBeNull(); // the 30th day after
    expect(reason(plan, line, '2026-12-21')).toBe('join_window_passed');
    expect(eligibility(plan, line, '2026-12-21')).toMatchObject({ message: 'the plan could be joined until 2026-12-20 (30 days after the purchase)' });
    expect(reason(plan, { ...line, purchasedOn: '2026-12-07' }, '2026-12-06')).toBe('purchase_in_future');
  });
});

describe('cover and claims', () => {
  const period = coverPeriod(terms, '2026-01-31');
  const contract: ContractState = { status: 'active', terms, ...period };

  it('starts cover after the maker’s warranty and runs for the term', () => {
    expect(period).toEqual({ startsOn: '2027-01-31', endsOn: '2029-01-30' });
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-12-15', 3)).toBe('2028-03-15');
  });

  it('covers a performance fault inside the term', () => {
    expect(claimVerdict(contract, 'performance', '2027-01-31')).toEqual({ covered: true });
    expect(claimVerdict(contract, 'performance', '2029-01-30')).toEqual({ covered: true });
  });

  it('refuses appearance damage, a day outside the term, and a cancelled contract, with the reason', () => {
    expect(claimVerdict(contract, 'appearance', '2027-06-01')).toMatchObject({ covered: false, reason: 'fault_not_covered' });
    expect(claimVerdict(contract, 'performance', '2027-01-30')).toMatchObject({ covered: false, reason: 'not_started' });
    expect(claimVerdict(contract, 'performance', '2029-01-31')).toEqual({ covered: false, reason: 'expired', message: 'cover ended on 2029-01-30' });
    expect(claimVerdict({ ...contract, status: 'cancelled' }, 'performance', '2027-06-01')).toMatchObject({ covered: false, reason: 'cancelled' });
  });
});

describe('refund on cancellation (退保)', () => {
  const sold = { status: 'active' as const, terms, ...coverPeriod(terms, '2026-01-01'), soldOn: '2026-01-05', paidFen: 36_500 };

  it('refunds everything within the full-refund days of the sale', () => {
    expect(refundOnCancel(sold, '2026-01-12')).toMatchObject({ refundFen: 36_500, basis: 'full', feeDeductedFen: 0 });
  });

  it('refunds the whole fee less the cancellation fee while cover has not started', () => {
    expect(refundOnCancel(sold, '2026-01-13')).toMatchObject({ refundFen: 34_500, basis: 'pro_rata', feeDeductedFen: 2000, unusedDays: 731, totalDays: 731 });
  });

  it('refunds the unused share of cover, rounded down, less the fee', () => {
    // Cover 2027-01-01 … 2028-12-31 (731 days, 2028 a leap year); on 2028-01-01, 366 days are left.
    const quote = refundOnCancel(sold, '2028-01-01');
    expect(quote).toMatchObject({ basis: 'pro_rata', unusedDays: 366, totalDays: 731 });
    expect(quote.refundFen).toBe(Math.floor((36_500 * 366) / 731) - 2000);
  });

  it('never refunds below zero, and nothing once cover is over', () => {
    expect(refundOnCancel({ ...sold, paidFen: 1500 }, '2028-12-01')).toMatchObject({ refundFen: 0, feeDeductedFen: 63 });
    expect(refundOnCancel(sold, '2029-01-01')).toMatchObject({ refundFen: 0, basis: 'none' });
  });
});
