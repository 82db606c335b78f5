import { firstMatch, SearchMatch } from '../search/search-highlight';
import type { SearchDocument } from '../search/search-tokens';

/**
 * What of a work order is searched as text, and how much a hit counts: its description and product
 * and the shop's order number (what the customer said) twice what a remark says. Number and phone are found by their own paths
 * (work-order-search.service.ts), not by tokens.
 */
const DESCRIPTION_WEIGHT = 2;
const PRODUCT_WEIGHT = 2;
const REMARK_WEIGHT = 1;

export function workOrderDocument(
  order: { id: number; description: string; product: string | null; externalOrderNumber: string | null },
  remarks: readonly string[],
): SearchDocument {
  return {
    docId: order.id,
    fields: [
      { text: order.description, weight: DESCRIPTION_WEIGHT },
      { text: order.product, weight: PRODUCT_WEIGHT },
      { text: order.externalOrderNumber, weight: PRODUCT_WEIGHT },
      ...remarks.map((text) => ({ text, weight: REMARK_WEIGHT })),
    ],
  };
}

/** A new remark's postings, added to its order's. */
export function remarkDocument(workOrderId: number, reason: string): SearchDocument {
  return { docId: workOrderId, fields: [{ text: reason, weight: REMARK_WEIGHT }] };
}

/** Where a found order holds the query: its description first, then product, shop order number, remarks. */
export function workOrderMatch(
  order: { description: string; product: string | null; externalOrderNumber: string | null },
  remarks: readonly string[],
  q: string,
): SearchMatch | null {
  return firstMatch(
    [
      { field: 'description', text: order.description },
      { field: 'product', text: order.product },
      { field: 'externalOrderNumber', text: order.externalOrderNumber },
      ...remarks.map((text) => ({ field: 'remark', text })),
    ],
    q,
  );
}
