import { round2 } from '../rounding';

/**
 * Calibration (校准) — pure: two or more quality monitors score the same subject with the same form
 * version; per item and for the total, each monitor's score, the mean, the spread (max − min) and
 * the variance. Variance is the population variance (Σ(x − mean)² / n) of the monitors' scores:
 * 0 when they agree, and comparable between sessions with different numbers of monitors.
 */
import { formItems, ItemScore, ScorecardSection } from './scorecard-scoring';
import type { CalibrationItemView, CalibrationSessionView, CalibrationViewDto, DispersionView } from './dtos/scorecard-views.dto';

export interface CalibrationInput {
  evaluationId: number;
  monitorJobNumber: string;
  scores: ItemScore[];
  scorePct: number;
}

/** The monitors, items and total of a calibration (the service adds the subject and form). */
export type CalibrationResult = Pick<CalibrationViewDto, 'monitors' | 'items' | 'total'>;

/** Mean, spread (max − min) and population variance, 2 decimals; nulls for no values. */
export function dispersion(values: number[]): DispersionView {
  if (values.length === 0) return { mean: null, spread: null, variance: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / values.length;
  return { mean: round2(mean), spread: round2(Math.max(...values) - Math.min(...values)), variance: round2(variance) };
}

/** Per item of the form version (in form order) and for the total, the evaluations side by side, ordered by monitor. */
export function calibrate(sections: ScorecardSection[], evaluations: CalibrationInput[]): CalibrationResult {
  const ordered = [...evaluations].sort((a, b) => a.monitorJobNumber.localeCompare(b.monitorJobNumber) || a.evaluationId - b.evaluationId);
  const sectionOf = new Map(sections.flatMap((s) => s.items.map((i) => [i.code, s.title] as const)));
  const items = formItems(sections).map((item): CalibrationItemView => {
    const scores = ordered.flatMap((e) => {
      const score = e.scores.find((s) => s.item === item.code);
      return score ? [{ monitorJobNumber: e.monitorJobNumber, evaluationId: e.evaluationId, points: score.points }] : [];
    });
    return {
      section: sectionOf.get(item.code)!,
      item: item.code,
      label: item.label,
      maxPoints: item.maxPoints,
      criticalFail: item.criticalFail,
      scores,
      ...dispersion(scores.map((s) => s.points)),
    };
  });
  const totals = ordered.map((e) => ({ monitorJobNumber: e.monitorJobNumber, evaluationId: e.evaluationId, scorePct: e.scorePct }));
  return {
    monitors: [...new Set(ordered.map((e) => e.monitorJobNumber))],
    items,
    total: { scores: totals, ...dispersion(totals.map((t) => t.scorePct)) },
  };
}

export interface SessionEvaluationRow {
  formId: number;
  formVersionId: number;
  version: number;
  subjectType: string;
  subjectId: string;
  agentJobNumber: string;
  monitorJobNumber: string;
  scorePct: number;
  evaluatedAt: Date;
}

/** Subjects scored on the same form version by two or more monitors, newest session first. */
export function calibrationSessions(rows: SessionEvaluationRow[]): CalibrationSessionView[] {
  const groups = new Map<string, SessionEvaluationRow[]>();
  for (const row of rows) {
    const key = `${row.formVersionId}\u0000${row.subjectType}\u0000${row.subjectId}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const sessions: CalibrationSessionView[] = [];
  for (const group of groups.values()) {
    const monitors = [...new Set(group.map((r) => r.monitorJobNumber))].sort();
    if (monitors.length < 2) continue;
    const times = group.map((r) => r.evaluatedAt.getTime());
    sessions.push({
      formId: group[0].formId,
      version: group[0].version,
      subjectType: group[0].subjectType,
      subjectId: group[0].subjectId,
      agentJobNumber: group[0].agentJobNumber,
      monitors,
      evaluations: group.length,
      firstEvaluatedAt: new Date(Math.min(...times)),
      lastEvaluatedAt: new Date(Math.max(...times)),
      total: dispersion(group.map((r) => r.scorePct)),
    });
  }
  return sessions.sort((a, b) => b.lastEvaluatedAt.getTime() - a.lastEvaluatedAt.getTime() || a.subjectId.localeCompare(b.subjectId));
}
