import { calibrate, calibrationSessions, dispersion } from './calibration';
import { form, withPoints } from './sample-form.fixture';
import { ItemScore, scoreEvaluation } from './scorecard-scoring';

describe('calibration (pure)', () => {
  it('computes mean, spread and population variance: 2, 4, 4, 4, 5, 5, 7, 9 → mean 5, variance 4', () => {
    expect(dispersion([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, spread: 7, variance: 4 });
    expect(dispersion([8])).toEqual({ mean: 8, spread: 0, variance: 0 });
    expect(dispersion([])).toEqual({ mean: null, spread: null, variance: null });
    expect(dispersion([1, 2])).toEqual({ mean: 1.5, spread: 1, variance: 0.25 });
  });

  it('lays the monitors side by side per item, in form order, ordered by monitor', () => {
    const a = withPoints({ greeting: 5, accuracy: 6 });
    const b = withPoints({ greeting: 3, accuracy: 10 });
    const c = withPoints({ greeting: 4, accuracy: 8 });
    const pct = (s: ItemScore[]) => scoreEvaluation(form, s).scorePct;
    const result = calibrate(form, [
      { evaluationId: 12, monitorJobNumber: '3002', scores: b, scorePct: pct(b) },
      { evaluationId: 11, monitorJobNumber: '3001', scores: a, scorePct: pct(a) },
      { evaluationId: 13, monitorJobNumber: '3003', scores: c, scorePct: pct(c) },
    ]);
    expect(result.monitors).toEqual(['3001', '3002', '3003']);
    expect(result.items.map((i) => i.item)).toEqual(['greeting', 'rude', 'accuracy', 'solution', 'closure']);
    const greeting = result.items[0];
    expect(greeting).toMatchObject({ section: '问候与礼貌用语', label: '标准问候语', maxPoints: 5, mean: 4, spread: 2, variance: 0.67 }); // (1 + 1 + 0) / 3
    expect(greeting.scores).toEqual([
      { monitorJobNumber: '3001', evaluationId: 11, points: 5 },
      { monitorJobNumber: '3002', evaluationId: 12, points: 3 },
      { monitorJobNumber: '3003', evaluationId: 13, points: 4 },
    ]);
    expect(result.items[2]).toMatchObject({ mean: 8, spread: 4, variance: 2.67 }); // 6, 10, 8: (4 + 4 + 0) / 3
    expect(result.items[3]).toMatchObject({ mean: 10, spread: 0, variance: 0 });
    // Totals: 3001 = 20 + 18 + 30 + 20 = 88; 3002 = 12 + 30 + 30 + 20 = 92; 3003 = 16 + 24 + 30 + 20 = 90.
    expect(result.total.scores.map((t) => t.scorePct)).toEqual([88, 92, 90]);
    expect(result.total).toMatchObject({ mean: 90, spread: 4, variance: 2.67 });
  });
});

describe('calibration sessions (pure)', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 2, minute));
  const row = (formVersionId: number, subjectId: string, monitor: string, scorePct: number, minute: number) => ({
    formId: 1,
    formVersionId,
    version: formVersionId,
    subjectType: 'call',
    subjectId,
    agentJobNumber: '1003',
    monitorJobNumber: monitor,
    scorePct,
    evaluatedAt: at(minute),
  });

  it('lists subjects scored on one form version by two or more monitors, newest first, with the totals’ dispersion', () => {
    const sessions = calibrationSessions([
      row(1, 'CA1', '3001', 80, 1),
      row(1, 'CA1', '3002', 90, 5), // a session: variance of 80, 90 = 25
      row(1, 'CA2', '3001', 70, 2), // one monitor only
      row(1, 'CA3', '3001', 60, 3),
      row(2, 'CA3', '3002', 65, 4), // two monitors but different versions: no session
      row(2, 'CA4', '3003', 50, 6),
      row(2, 'CA4', '3001', 50, 7),
      row(2, 'CA4', '3002', 80, 9),
    ]);
    expect(sessions.map((s) => [s.subjectId, s.version, s.monitors, s.evaluations])).toEqual([
      ['CA4', 2, ['3001', '3002', '3003'], 3],
      ['CA1', 1, ['3001', '3002'], 2],
    ]);
    expect(sessions[1]).toMatchObject({ firstEvaluatedAt: at(1), lastEvaluatedAt: at(5), total: { mean: 85, spread: 10, variance: 25 } });
    expect(sessions[0].total).toEqual({ mean: 60, spread: 30, variance: 200 }); // (100 + 100 + 400) / 3
  });
});
