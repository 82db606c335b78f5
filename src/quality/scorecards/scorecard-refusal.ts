import { DomainError } from '../../http/errors/domain-error';
import type { ScorecardFinding } from './scorecard-scoring';

/** A 400 for a form or scores that do not fit: every finding in `errors` with its code and values, so a page words each one. */
export function scorecardRefusal(code: 'scorecard.form_invalid' | 'scorecard.scores_invalid', field: string, findings: ScorecardFinding[]): DomainError {
  return new DomainError(code, { problems: findings.length }, findings.map((f) => f.message).join('; '), {
    errors: findings.map((f) => ({ field, ...f })),
  });
}
