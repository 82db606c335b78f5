/** A piece of a search hit's snippet; `hit` marks the query's words. */
export class SnippetSegmentDto {
  text: string;
  hit: boolean;
}

/** Where a document matched a text search, and the snippet around the first hit (src/search/search-highlight.ts). */
export class SearchMatchDto {
  /** The field the snippet is from (an article's title, tags or body). */
  field: string;
  segments: SnippetSegmentDto[];
}
