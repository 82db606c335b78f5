/** 阳光包 pages' calls to the server (bearer token, errors worded by code: core.api). */
import { api, query } from '../../core';
import type { components } from '../../services/api-types';

export type Contract = components['schemas']['WarrantyContractDto'];
export type Plan = components['schemas']['WarrantyPlanDto'];
export type PlanInput = components['schemas']['WarrantyPlanInput'];
export type Offers = components['schemas']['OrderOffersDto'];
export type RefundQuote = components['schemas']['RefundQuoteDto'];
export type FaultKind = Contract['terms']['coveredFaults'][number];

export const FAULT_KINDS: FaultKind[] = ['performance', 'appearance', 'accidental', 'consumable'];

const at = (number: string) => `/warranty/contracts/${encodeURIComponent(number)}`;

export const warrantyApi = {
  lookup: (params: { phone?: string; orderNumber?: string }) => api<{ items: Contract[] }>('GET', `/warranty/contracts${query(params)}`),
  offers: (orderNumber: string) => api<Offers>('GET', `/warranty/offers${query({ orderNumber })}`),
  sell: (body: components['schemas']['SellContractDto']) => api<Contract>('POST', '/warranty/contracts', body),
  claim: (number: string, body: components['schemas']['ClaimRepairDto']) =>
    api<components['schemas']['WarrantyClaimDto']>('POST', `${at(number)}/claims`, body),
  quote: (number: string) => api<RefundQuote>('GET', `${at(number)}/refund-quote`),
  cancel: (number: string, reason: string) => api<Contract>('POST', `${at(number)}/cancel`, { reason }),
  plans: () => api<{ items: Plan[] }>('GET', '/warranty/plans'),
  createPlan: (body: PlanInput) => api<Plan>('POST', '/warranty/plans', body),
  updatePlan: (code: string, body: Partial<PlanInput>) => api<Plan>('PATCH', `/warranty/plans/${encodeURIComponent(code)}`, body),
};

/** Fen as yuan with two decimals. */
export const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** A text with `{name}` filled from `params`. */
export const fill = (text: string, params: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => String(params[name] ?? all));
