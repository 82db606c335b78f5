import { form, full, withPoints } from './sample-form.fixture';
import { formDefinitionProblems, ItemScore, ScorecardSection, scoreEvaluation, scoreProblems } from './scorecard-scoring';

describe('scorecard scoring (pure)', () => {
  it('gives 100 % for full marks and weighs each item by weight × points / maxPoints', () => {
    expect(scoreEvaluation(form, full).scorePct).toBe(100);
    // greeting 3/5 of 20 = 12, accuracy 7/10 of 30 = 21, solution 5/10 of 30 = 15, closure 1/4 of 20 = 5 → 53 of 100.
    const result = scoreEvaluation(form, withPoints({ greeting: 3, accuracy: 7, solution: 5, closure: 1 }));
    expect(result).toMatchObject({ scorePct: 53, itemsPct: 53, criticalFailed: [] });
    expect(result.items.map((i) => [i.item, i.points, i.failed])).toEqual([
      ['greeting', 3, false],
      ['rude', 1, false],
      ['accuracy', 7, false],
      ['solution', 5, false],
      ['closure', 1, false],
    ]);
  });

  it('rounds the total to one decimal: 2/3 of a single item is 66.7 %', () => {
    const single: ScorecardSection[] = [{ title: 's', items: [{ code: 'a', label: 'A', maxPoints: 3, weight: 3, criticalFail: false }] }];
    expect(scoreEvaluation(single, [{ item: 'a', points: 2 }]).scorePct).toBe(66.7);
  });

  it('zeroes the evaluation when a critical-fail item is scored 0, keeping what the items alone gave', () => {
    const result = scoreEvaluation(form, withPoints({ rude: 0 }, { rude: '对客户说脏话' }));
    expect(result).toMatchObject({ scorePct: 0, itemsPct: 100, criticalFailed: ['rude'] });
    expect(result.items.find((i) => i.item === 'rude')).toMatchObject({ failed: true, comment: '对客户说脏话' });
  });

  it('names each problem with the scores: unknown, duplicate, missing, out of range, fraction, critical fail without comment', () => {
    expect(scoreProblems(form, full)).toEqual([]);
    const scores: ItemScore[] = [
      { item: 'greeting', points: 6 },
      { item: 'rude', points: 0 },
      { item: 'accuracy', points: 2.5 },
      { item: 'accuracy', points: 3 },
      { item: 'bogus', points: 1 },
    ];
    expect(scoreProblems(form, scores)).toEqual([
      'scores: item "greeting" (标准问候语) must be a whole number from 0 to 5 (got 6)',
      'scores: item "rude" (辱骂客户) is a critical-fail item scored 0; a comment is required',
      'scores: item "accuracy" (信息准确) must be a whole number from 0 to 10 (got 2.5)',
      'scores: item "accuracy" is scored more than once',
      'scores: item "bogus" is not on this form',
      'scores: item "solution" (方案合理) is not scored',
      'scores: item "closure" (结束语) is not scored',
    ]);
    expect(scoreProblems(form, withPoints({ rude: 0 }, { rude: '  ' }))).toHaveLength(1);
    expect(scoreProblems(form, withPoints({ greeting: -1 }))).toEqual(['scores: item "greeting" (标准问候语) must be a whole number from 0 to 5 (got -1)']);
  });

  it('checks a form definition as a whole: duplicate codes, weight 0 only on critical items, something to score', () => {
    expect(formDefinitionProblems(form)).toEqual([]);
    expect(formDefinitionProblems([])).toEqual(['sections must hold at least one item']);
    expect(
      formDefinitionProblems([
        {
          title: 'a',
          items: [
            { code: 'x', label: 'X', maxPoints: 1, weight: 0, criticalFail: false },
            { code: 'x', label: 'X2', maxPoints: 1, weight: 0, criticalFail: true },
          ],
        },
      ]),
    ).toEqual([
      'sections: item "x" has weight 0; only a critical-fail item may',
      'sections: item code "x" is used more than once',
      'sections: the items’ weights must add up to more than 0',
    ]);
  });
});
