import { diffVersions, isLive, rankSuggestions, type SuggestionCandidate, type VersionContent } from './article-rules';

const at = (iso: string) => new Date(iso);

describe('article rules', () => {
  it('an article is live from validFrom (inclusive) until validUntil (exclusive); open ends are open', () => {
    const promotion = { validFrom: at('2026-12-09T00:00:00Z'), validUntil: at('2026-12-16T00:00:00Z') };
    expect(isLive(promotion, at('2026-12-08T23:59:59.999Z'))).toBe(false);
    expect(isLive(promotion, at('2026-12-09T00:00:00Z'))).toBe(true);
    expect(isLive(promotion, at('2026-12-15T23:59:59Z'))).toBe(true);
    expect(isLive(promotion, at('2026-12-16T00:00:00Z'))).toBe(false);
    expect(isLive({ validFrom: null, validUntil: null }, at('2000-01-01T00:00:00Z'))).toBe(true);
  });

  it('ranks articles serving both the queue and the category first, then the category, then the queue; better rated first within each', () => {
    const article = (id: number, queues: string[], workOrderCategories: string[], helpfulCount = 0): SuggestionCandidate => ({
      id,
      queues,
      workOrderCategories,
      helpfulCount,
      notHelpfulCount: 0,
      validFrom: null,
      validUntil: null,
      updatedAt: at('2026-12-01T00:00:00Z'),
    });
    const articles = [
      article(1, ['complaints'], []),
      article(2, ['complaints'], [], 5),
      article(3, [], ['price_protection']),
      article(4, ['complaints'], ['price_protection']),
      article(5, ['orders'], ['late_delivery']),
    ];
    expect(rankSuggestions(articles, { queue: 'complaints', category: 'price_protection' }, 10).map((a) => a.id)).toEqual([4, 3, 2, 1]);
    expect(rankSuggestions(articles, { queue: 'complaints' }, 2).map((a) => a.id)).toEqual([2, 1]);
    expect(rankSuggestions(articles, { category: 'membership' }, 10)).toEqual([]);
  });

  it('compares two versions field by field and the body line by line', () => {
    const v1: VersionContent = {
      title: '价保',
      category: 'price_protection',
      body: '15 天内降价退差价。\n特价机除外。',
      tags: ['价保'],
      queues: ['complaints'],
      workOrderCategories: [],
      validFrom: null,
      validUntil: null,
    };
    const v2 = { ...v1, body: '30 天内降价退差价。\n特价机除外。', validUntil: at('2027-01-01T00:00:00Z') };
    const diff = diffVersions(v1, v2);
    expect(diff.fields).toEqual([{ field: 'validUntil', before: '', after: '2027-01-01T00:00:00.000Z' }]);
    expect(diff.body).toEqual([
      { change: 'removed', text: '15 天内降价退差价。\n' },
      { change: 'added', text: '30 天内降价退差价。\n' },
      { change: 'same', text: '特价机除外。\n' },
    ]);
  });
});
