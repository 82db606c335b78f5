import { firstMatch, snippet } from './search-highlight';

describe('search highlights', () => {
  it('marks the query words in a short text', () => {
    expect(snippet('顾客申请价保，差价50元', '价保')).toEqual([
      { text: '顾客申请', hit: false },
      { text: '价保', hit: true },
      { text: '，差价50元', hit: false },
    ]);
  });

  it('marks a word whose bigrams stand apart, and letters whatever their case', () => {
    expect(snippet('保服 and 价保', '价保服')).toEqual([
      { text: '保服', hit: true },
      { text: ' and ', hit: false },
      { text: '价保', hit: true },
    ]);
    expect(snippet('Haier BCD-470', 'bcd')).toEqual([
      { text: 'Haier ', hit: false },
      { text: 'BCD', hit: true },
      { text: '-470', hit: false },
    ]);
  });

  it('cuts a long text around its first hit', () => {
    const text = `${'甲'.repeat(100)}价保${'乙'.repeat(100)}`;
    const segments = snippet(text, '价保')!;
    expect(segments[0]).toEqual({ text: '…', hit: false });
    expect(segments[1]).toEqual({ text: '甲'.repeat(20), hit: false });
    expect(segments[2]).toEqual({ text: '价保', hit: true });
    expect(segments[segments.length - 1]).toEqual({ text: '…', hit: false });
    expect(segments.map((s) => s.text).join('').length).toBe(82);
  });

  it('takes the first field that holds the query', () => {
    expect(snippet('冰箱未送到', '价保')).toBeNull();
    expect(
      firstMatch(
        [
          { field: 'description', text: '冰箱未送到' },
          { field: 'remark', text: '顾客要求价保' },
        ],
        '价保',
      ),
    ).toEqual({
      field: 'remark',
      segments: [
        { text: '顾客要求', hit: false },
        { text: '价保', hit: true },
      ],
    });
  });
});
