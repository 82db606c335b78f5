import { addDays } from '../clock/site-day';
import type { ClaimRefusal, ContractStatus, FaultKind, IneligibleReason } from './warranty-kinds';

/**
 * The rules of 阳光包 (extended warranty), pure: who may join, what a contract covers and when, and
 * what a cancellation (退保) refunds. Days are site days (YYYY-MM-DD); money is in fen (分).
 * The service loads the rows and applies these (as src/work-orders/lifecycle.ts).
 */

/** A plan's sale rules. */
export interface PlanRules {
  active: boolean;
  /** Product codes it covers; an entry ending in `*` is a prefix (`KT*`: every air conditioner). */
  products: string[];
  minPriceFen: number;
  /** Null: no upper bound. */
  maxPriceFen: number | null;
  /** Days after the purchase one may still join (0: on the purchase day only). */
  joinWindowDays: number;
}

/** What a contract promises, frozen from its plan when it is sold (a later change of the plan does not reach it). */
export interface ContractTerms {
  coveredFaults: FaultKind[];
  /** Months after purchase before cover starts (the maker's own warranty, 厂家保修). */
  startsAfterMonths: number;
  termMonths: number;
  /** Days after the sale within which a cancellation refunds the whole fee (犹豫期). */
  fullRefundDays: number;
  /** Deducted from a later, pro-rata refund. */
  cancellationFeeFen: number;
}

export interface OrderLineFacts {
  productCode: string;
  /** The unit price paid for the product. */
  priceFen: number;
  purchasedOn: string;
}

export type Eligibility = { eligible: true } | { eligible: false; reason: IneligibleReason; message: string };

/** Whether a plan may be sold on an order line today. */
export function eligibility(plan: PlanRules, line: OrderLineFacts, today: string): Eligibility {
  const refuse = (reason: IneligibleReason, message: string): Eligibility => ({ eligible: false, reason, message });
  if (!plan.active) return refuse('plan_inactive', 'the plan is no longer sold');
  if (!plan.products.some((p) => (p.endsWith('*') ? line.productCode.startsWith(p.slice(0, -1)) : line.productCode === p))) {
    return refuse('product_not_covered', `product ${line.productCode} is not one the plan covers (${plan.products.join(', ')})`);
  }
  if (line.priceFen < plan.minPriceFen || (plan.maxPriceFen !== null && line.priceFen > plan.maxPriceFen)) {
    const band = `${yuan(plan.minPriceFen)}–${plan.maxPriceFen === null ? '' : yuan(plan.maxPriceFen)}`;
    return refuse('price_out_of_band', `price ${yuan(line.priceFen)} is outside the plan's band ${band} yuan`);
  }
  if (line.purchasedOn > today) return refuse('purchase_in_future', `the purchase day ${line.purchasedOn} is after today`);
  const lastDay = addDays(line.purchasedOn, plan.joinWindowDays);
  if (today > lastDay) return refuse('join_window_passed', `the plan could be joined until ${lastDay} (${plan.joinWindowDays} days after the purchase)`);
  return { eligible: true };
}

/** The first and last day of cover. */
export function coverPeriod(terms: Pick<ContractTerms, 'startsAfterMonths' | 'termMonths'>, purchasedOn: string): { startsOn: string; endsOn: string } {
  const startsOn = addMonths(purchasedOn, terms.startsAfterMonths);
  return { startsOn, endsOn: addDays(addMonths(startsOn, terms.termMonths), -1) };
}

export interface ContractState {
  status: ContractStatus;
  terms: ContractTerms;
  startsOn: string;
  endsOn: string;
}

export type ClaimVerdict = { covered: true } | { covered: false; reason: ClaimRefusal; message: string };

/** Whether a fault reported on `day` is the contract's to repair. */
export function claimVerdict(contract: ContractState, fault: FaultKind, day: string): ClaimVerdict {
  const refuse = (reason: ClaimRefusal, message: string): ClaimVerdict => ({ covered: false, reason, message });
  if (contract.status === 'cancelled') return refuse('cancelled', 'the contract was cancelled (退保)');
  if (day < contract.startsOn) return refuse('not_started', `cover starts on ${contract.startsOn}; until then the maker's warranty applies (厂家保修)`);
  if (day > contract.endsOn) return refuse('expired', `cover ended on ${contract.endsOn}`);
  if (!contract.terms.coveredFaults.includes(fault)) {
    return refuse('fault_not_covered', `a ${fault} fault is not covered (the contract covers: ${contract.terms.coveredFaults.join(', ')})`);
  }
  return { covered: true };
}

export interface RefundQuote {
  refundFen: number;
  /** full: within the full-refund days; pro_rata: the unused share of cover less the fee; none: cover is over. */
  basis: 'full' | 'pro_rata' | 'none';
  /** Days of cover not yet used, of all. */
  unusedDays: number;
  totalDays: number;
  feeDeductedFen: number;
}

/**
 * What cancelling on `day` refunds of the `paidFen` paid: everything within `fullRefundDays` of the
 * sale; after that the unused share of the cover period (all of it while cover has not started),
 * rounded down to the fen, less the cancellation fee, never below zero; nothing once cover is over.
 */
export function refundOnCancel(contract: ContractState & { soldOn: string; paidFen: number }, day: string): RefundQuote {
  const totalDays = daysBetween(contract.startsOn, contract.endsOn) + 1;
  if (day <= addDays(contract.soldOn, contract.terms.fullRefundDays)) {
    return { refundFen: contract.paidFen, basis: 'full', unusedDays: totalDays, totalDays, feeDeductedFen: 0 };
  }
  if (day > contract.endsOn) return { refundFen: 0, basis: 'none', unusedDays: 0, totalDays, feeDeductedFen: 0 };
  const unusedDays = day < contract.startsOn ? totalDays : daysBetween(day, contract.endsOn) + 1;
  const share = Math.floor((contract.paidFen * unusedDays) / totalDays);
  const feeDeductedFen = Math.min(share, contract.terms.cancellationFeeFen);
  return { refundFen: share - feeDeductedFen, basis: 'pro_rata', unusedDays, totalDays, feeDeductedFen };
}

/** The same day of the month `months` later, or the month's last day when it has none (01-31 + 1 month → 02-28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
