import { foldChar, queryTokens, runsOf } from './search-tokens';

/** A piece of a snippet; `hit` marks the query's words. */
export interface SnippetSegment {
  text: string;
  hit: boolean;
}

/** Characters shown around the first hit of a long text. */
const SNIPPET_LENGTH = 80;
const BEFORE_HIT = 20;

/**
 * The query's words as they are matched in a text: its runs whole (价保服务, bcd) and their tokens —
 * the index finds documents holding every bigram, not always side by side, so each is marked too.
 */
function needlesOf(q: string): string[][] {
  const needles = new Set<string>([...runsOf(q).map((r) => r.text), ...queryTokens(q)]);
  return [...needles].filter((n) => n.length > 0).map((n) => [...n]);
}

/** Which characters of `text` (by code point) belong to an occurrence of the query's words. */
function hitMask(chars: string[], q: string): boolean[] {
  const folded = chars.map(foldChar);
  const mask = new Array<boolean>(chars.length).fill(false);
  for (const needle of needlesOf(q)) {
    for (let i = 0; i + needle.length <= folded.length; i++) {
      let j = 0;
      while (j < needle.length && folded[i + j] === needle[j]) j++;
      if (j === needle.length) mask.fill(true, i, i + needle.length);
    }
  }
  return mask;
}

/**
 * The part of `text` around its first hit of the query, cut in segments with the hits marked, or
 * null when the text holds none. Short texts are shown whole; a cut is shown as "…".
 */
export function snippet(text: string, q: string): SnippetSegment[] | null {
  const chars = [...text];
  const mask = hitMask(chars, q);
  const first = mask.indexOf(true);
  if (first < 0) return null;
  let from = 0;
  let to = chars.length;
  if (chars.length > SNIPPET_LENGTH) {
    from = Math.max(0, Math.min(first - BEFORE_HIT, chars.length - SNIPPET_LENGTH));
    to = from + SNIPPET_LENGTH;
  }
  const segments: SnippetSegment[] = [];
  for (let i = from; i < to; i++) {
    const last = segments[segments.length - 1];
    if (last && last.hit === mask[i]) last.text += chars[i];
    else segments.push({ text: chars[i], hit: mask[i] });
  }
  if (from > 0) segments.unshift({ text: '…', hit: false });
  if (to < chars.length) segments.push({ text: '…', hit: false });
  return segments;
}

/** Where a document matched a text search, and the snippet around it (returned with each hit of a search). */
export interface SearchMatch {
  /** The field the snippet is from (for a work order: description, product, externalOrderNumber or remark). */
  field: string;
  segments: SnippetSegment[];
}

/** The first of `fields` (in the order given) that holds the query, as a match; null when none does. */
export function firstMatch(fields: readonly { field: string; text: string | null | undefined }[], q: string): SearchMatch | null {
  for (const { field, text } of fields) {
    const segments = text ? snippet(text, q) : null;
    if (segments) return { field, segments };
  }
  return null;
}
