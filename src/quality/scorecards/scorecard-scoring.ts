import { round1 } from '../rounding';

/**
 * QA scorecards (质检评分表) — pure: a form's sections and items, a monitor's scores, the total.
 *
 * The total is weighted: each item contributes `weight × points / maxPoints`, and the total % is
 * that sum over the sum of weights. A critical-fail item (e.g. 辱骂客户 rude language) scored 0
 * fails the whole evaluation: its total is 0 %, whatever the other items scored.
 */

/** What a form can be scored against: a call (by CallSid, with its recording) or a work order (by number). */
export const SUBJECT_TYPES = ['call', 'work_order'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface ScorecardItem {
  /** Unique within the form (e.g. greeting_polite); scores name their item by it. */
  code: string;
  label: string;
  maxPoints: number;
  /** Share of the total; defaults to maxPoints. May be 0 for a pure pass/fail critical item. */
  weight: number;
  /** Scored 0, it zeroes the whole evaluation (and needs a comment). */
  criticalFail: boolean;
}

export interface ScorecardSection {
  title: string;
  items: ScorecardItem[];
}

export interface ItemScore {
  item: string;
  points: number;
  comment?: string | null;
}

export interface ScoredItem {
  item: string;
  points: number;
  maxPoints: number;
  weight: number;
  criticalFail: boolean;
  failed: boolean;
  comment: string | null;
}

export interface EvaluationScore {
  /** Weighted total %, 1 decimal; 0 when a critical item failed. */
  scorePct: number;
  /** The weighted total before any critical fail, 1 decimal — what the items alone would give. */
  itemsPct: number;
  /** Codes of the critical-fail items scored 0 (the evaluation failed when any). */
  criticalFailed: string[];
  items: ScoredItem[];
}

export function formItems(sections: ScorecardSection[]): ScorecardItem[] {
  return sections.flatMap((s) => s.items);
}

/** One thing wrong with a form or a monitor's scores: a stable code and its values (a page words them), and the English message. */
export interface ScorecardFinding {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

/** Checks a form definition as a whole (each field is checked by the DTO): item codes unique, something to score, weights that add up to more than 0. */
export function formDefinitionFindings(sections: ScorecardSection[]): ScorecardFinding[] {
  const findings: ScorecardFinding[] = [];
  const items = formItems(sections);
  if (items.length === 0) findings.push({ code: 'scorecard.no_items', params: {}, message: 'sections must hold at least one item' });
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.code))
      findings.push({ code: 'scorecard.item_code_taken', params: { item: item.code }, message: `sections: item code "${item.code}" is used more than once` });
    seen.add(item.code);
    if (item.weight === 0 && !item.criticalFail)
      findings.push({
        code: 'scorecard.weight_zero',
        params: { item: item.code },
        message: `sections: item "${item.code}" has weight 0; only a critical-fail item may`,
      });
  }
  if (items.length && items.reduce((sum, i) => sum + i.weight, 0) <= 0)
    findings.push({ code: 'scorecard.weights_zero', params: {}, message: 'sections: the items’ weights must add up to more than 0' });
  return findings;
}

export const formDefinitionProblems = (sections: ScorecardSection[]): string[] => formDefinitionFindings(sections).map((f) => f.message);

/** A monitor's scores against the form: every item scored once, within 0…maxPoints, a comment for a failed critical item. One finding per problem, naming the item. */
export function scoreFindings(sections: ScorecardSection[], scores: ItemScore[]): ScorecardFinding[] {
  const findings: ScorecardFinding[] = [];
  const items = new Map(formItems(sections).map((i) => [i.code, i]));
  const scored = new Set<string>();
  for (const score of scores) {
    const item = items.get(score.item);
    if (!item) {
      findings.push({ code: 'scorecard.item_unknown', params: { item: score.item }, message: `scores: item "${score.item}" is not on this form` });
      continue;
    }
    const about = { item: item.code, label: item.label };
    if (scored.has(score.item))
      findings.push({ code: 'scorecard.item_scored_twice', params: about, message: `scores: item "${score.item}" is scored more than once` });
    scored.add(score.item);
    if (!Number.isInteger(score.points) || score.points < 0 || score.points > item.maxPoints) {
      findings.push({
        code: 'scorecard.points_out_of_range',
        params: { ...about, max: item.maxPoints, got: score.points },
        message: `scores: item "${score.item}" (${item.label}) must be a whole number from 0 to ${item.maxPoints} (got ${score.points})`,
      });
    } else if (item.criticalFail && score.points === 0 && !score.comment?.trim()) {
      findings.push({
        code: 'scorecard.critical_needs_comment',
        params: about,
        message: `scores: item "${score.item}" (${item.label}) is a critical-fail item scored 0; a comment is required`,
      });
    }
  }
  for (const item of items.values()) {
    if (!scored.has(item.code))
      findings.push({
        code: 'scorecard.item_not_scored',
        params: { item: item.code, label: item.label },
        message: `scores: item "${item.code}" (${item.label}) is not scored`,
      });
  }
  return findings;
}

export const scoreProblems = (sections: ScorecardSection[], scores: ItemScore[]): string[] => scoreFindings(sections, scores).map((f) => f.message);

/** The total of valid scores (check them with `scoreProblems` first). */
export function scoreEvaluation(sections: ScorecardSection[], scores: ItemScore[]): EvaluationScore {
  const byItem = new Map(scores.map((s) => [s.item, s]));
  let weighted = 0;
  let weights = 0;
  const items: ScoredItem[] = formItems(sections).map((item) => {
    const score = byItem.get(item.code);
    if (!score) throw new Error(`item ${item.code} is not scored`);
    weighted += (item.weight * score.points) / item.maxPoints;
    weights += item.weight;
    return {
      item: item.code,
      points: score.points,
      maxPoints: item.maxPoints,
      weight: item.weight,
      criticalFail: item.criticalFail,
      failed: item.criticalFail && score.points === 0,
      comment: score.comment?.trim() || null,
    };
  });
  const itemsPct = weights > 0 ? round1((100 * weighted) / weights) : 0;
  const criticalFailed = items.filter((i) => i.failed).map((i) => i.item);
  return { scorePct: criticalFailed.length ? 0 : itemsPct, itemsPct, criticalFailed, items };
}
