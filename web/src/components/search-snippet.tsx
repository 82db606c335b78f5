/**
 * A search hit's snippet as the server cuts it (src/search/search-highlight.ts): the text around the
 * query's words, the words marked. For the work-order inbox and the knowledge base's lists.
 */
export interface SearchMatch {
  field: string;
  segments: { text: string; hit: boolean }[];
}

export function SearchSnippet({ match, label }: { match: SearchMatch; label: string }) {
  return (
    <span data-testid="search-snippet" data-field={match.field}>
      <span style={{ color: '#8c8c8c', marginRight: 4 }}>{label}</span>
      {match.segments.map((s, i) =>
        s.hit ? (
          <mark key={i} data-testid="search-hit" style={{ padding: 0, background: '#ffe58f' }}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </span>
  );
}
