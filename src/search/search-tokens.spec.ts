import { documentTokens, queryTokens, tokenCounts } from './search-tokens';

describe('search tokens', () => {
  it('cuts Han runs into bigrams, keeps a lone character, and lower-cases whole words of letters and digits', () => {
    expect([...tokenCounts('申请价保服务').keys()]).toEqual(['申请', '请价', '价保', '保服', '服务']);
    expect([...tokenCounts('冰 箱').keys()]).toEqual(['冰', '箱']);
    expect([...tokenCounts('海尔BCD-470冰箱, a').keys()]).toEqual(['海尔', 'bcd', '470', '冰箱', 'a']);
  });

  it('folds full-width letters and digits as half-width', () => {
    expect([...tokenCounts('ＢＣＤ４７０').keys()]).toEqual(['bcd470']);
  });

  it('weighs a token by its occurrences in each field', () => {
    const weights = documentTokens([
      { text: '价保价保', weight: 2 },
      { text: '已申请价保', weight: 1 },
      { text: null, weight: 5 },
    ]);
    expect(weights.get('价保')).toBe(5);
    expect(weights.get('保价')).toBe(2);
    expect(weights.get('申请')).toBe(1);
  });

  it('looks a query up by its bigrams and words; a lone character only when nothing else is given', () => {
    expect(queryTokens('价保')).toEqual(['价保']);
    expect(queryTokens('价保 冰')).toEqual(['价保']);
    expect(queryTokens('冰')).toEqual(['冰']);
    expect(queryTokens('送货 BCD')).toEqual(['送货', 'bcd']);
    expect(queryTokens('leak-3')).toEqual(['leak', '3']);
    expect(queryTokens('!!')).toEqual([]);
  });
});
