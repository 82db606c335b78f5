import { ItemScore, ScorecardSection } from './scorecard-scoring';

/** The scorecard specs' hand-made form and its full-marks scores. */
// A hand-made form: weights 20 + 30 + 30 + 20 = 100, plus a pass/fail critical item of weight 0.
export const form: ScorecardSection[] = [
  {
    title: '问候与礼貌用语',
    items: [
      { code: 'greeting', label: '标准问候语', maxPoints: 5, weight: 20, criticalFail: false },
      { code: 'rude', label: '辱骂客户', maxPoints: 1, weight: 0, criticalFail: true },
    ],
  },
  { title: '准确性', items: [{ code: 'accuracy', label: '信息准确', maxPoints: 10, weight: 30, criticalFail: false }] },
  { title: '解决方案', items: [{ code: 'solution', label: '方案合理', maxPoints: 10, weight: 30, criticalFail: false }] },
  { title: '结案', items: [{ code: 'closure', label: '结束语', maxPoints: 4, weight: 20, criticalFail: false }] },
];
export const full: ItemScore[] = [
  { item: 'greeting', points: 5 },
  { item: 'rude', points: 1 },
  { item: 'accuracy', points: 10 },
  { item: 'solution', points: 10 },
  { item: 'closure', points: 4 },
];
export const withPoints = (points: Record<string, number>, comments: Record<string, string> = {}): ItemScore[] =>
  full.map((s) => ({ item: s.item, points: points[s.item] ?? s.points, comment: comments[s.item] ?? null }));
