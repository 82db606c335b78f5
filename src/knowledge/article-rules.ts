import { diffLines } from 'diff';

/** What a validity check and the ranking read of an article. */
export interface ArticleWindow {
  validFrom: Date | null;
  validUntil: Date | null;
}

/** Shown now: on or after validFrom and before validUntil (a promotion only while it runs). */
export function isLive(article: ArticleWindow, now: Date): boolean {
  return (
    (article.validFrom === null || article.validFrom.getTime() <= now.getTime()) &&
    (article.validUntil === null || now.getTime() < article.validUntil.getTime())
  );
}

export interface SuggestionCandidate extends ArticleWindow {
  id: number;
  queues: string[];
  workOrderCategories: string[];
  helpfulCount: number;
  notHelpfulCount: number;
  updatedAt: Date;
}

/**
 * The order articles are suggested beside a call: those serving both the call's queue and the order's
 * category first, then the category (more specific than the queue), then the queue; within each, the
 * better rated (helpful minus not helpful), then the most recently changed. Articles serving neither are left out.
 */
export function rankSuggestions<T extends SuggestionCandidate>(articles: T[], context: { queue?: string; category?: string }, limit: number): T[] {
  const score = (a: T) =>
    (context.category && a.workOrderCategories.includes(context.category) ? 2 : 0) + (context.queue && a.queues.includes(context.queue) ? 1 : 0);
  return articles
    .map((a) => ({ a, s: score(a) }))
    .filter(({ s }) => s > 0)
    .sort(
      (x, y) =>
        y.s - x.s ||
        y.a.helpfulCount - y.a.notHelpfulCount - (x.a.helpfulCount - x.a.notHelpfulCount) ||
        y.a.updatedAt.getTime() - x.a.updatedAt.getTime() ||
        x.a.id - y.a.id,
    )
    .slice(0, limit)
    .map(({ a }) => a);
}

/** The fields of a version compared besides its body. */
export const COMPARED_FIELDS = ['title', 'category', 'tags', 'queues', 'workOrderCategories', 'validFrom', 'validUntil'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface VersionContent {
  title: string;
  category: string;
  body: string;
  tags: string[];
  queues: string[];
  workOrderCategories: string[];
  validFrom: Date | null;
  validUntil: Date | null;
}

export interface FieldChange {
  field: ComparedField;
  before: string;
  after: string;
}

export interface BodyPart {
  change: 'added' | 'removed' | 'same';
  text: string;
}

const fieldText = (value: VersionContent[ComparedField]): string =>
  value === null ? '' : value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(', ') : value;

/** What changed from one version to another: the fields that differ, and the body line by line (jsdiff). */
export function diffVersions(before: VersionContent, after: VersionContent): { fields: FieldChange[]; body: BodyPart[] } {
  const fields = COMPARED_FIELDS.map((field) => ({ field, before: fieldText(before[field]), after: fieldText(after[field]) })).filter(
    (c) => c.before !== c.after,
  );
  // Each body ends in a newline for the comparison, so an unchanged last line is not reported as changed for lack of one.
  const body = diffLines(`${before.body}\n`, `${after.body}\n`).map((part) => ({
    change: part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const),
    text: part.value,
  }));
  return { fields, body };
}
