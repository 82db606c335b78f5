/* No decorators or framework here: the web pages import these too. */

/** What went wrong with a product, as a claim names it; a plan covers some of them. */
export const FAULT_KINDS = ['performance', 'appearance', 'accidental', 'consumable'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
// performance 性能故障 (covered by 阳光包) · appearance 外观损坏 (not) · accidental 意外损坏 (人为) · consumable 易耗品 (滤网、遥控器电池)

export const CONTRACT_STATUSES = ['active', 'cancelled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
// active 有效 · cancelled 已退保

/** Why a plan cannot be sold on an order line. */
export const INELIGIBLE_REASONS = ['plan_inactive', 'product_not_covered', 'price_out_of_band', 'join_window_passed', 'purchase_in_future'] as const;
export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];

/** Why a claim is refused. */
export const CLAIM_REFUSALS = ['cancelled', 'not_started', 'expired', 'fault_not_covered'] as const;
export type ClaimRefusal = (typeof CLAIM_REFUSALS)[number];

/** The work-order category of a warranty repair (延保维修), terminal `warranty`. */
export const WARRANTY_CLAIM_CATEGORY = 'warranty_repair';
