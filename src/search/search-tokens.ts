/**
 * Tokens for Chinese full-text search, the same on both engines: Chinese text has no spaces, so a run
 * of Han characters is cut into overlapping pairs (bigrams: 价保服务 → 价保 保服 服务) and a lone
 * character stands as itself; letters and digits make whole lower-case words. A two-character word
 * such as 价保 is then one token — what neither MariaDB's InnoDB FULLTEXT (no Chinese word breaking,
 * innodb_ft_min_token_size 3) nor SQLite's FTS5 trigram tokenizer (three characters at least) can find.
 */

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;
/** Longer words are cut: the column is varchar(32). */
export const TOKEN_MAX_LENGTH = 32;

/**
 * One character folded as the index stores it (full-width to half-width, lower case), or the
 * character itself when folding would change the text's length — so offsets in the folded text are
 * offsets in the original, for highlights.
 */
export function foldChar(c: string): string {
  const folded = c.normalize('NFKC').toLowerCase();
  return [...folded].length === 1 ? folded : c;
}

/** A text's runs: Han characters together, and words of letters and digits; everything else separates them. */
export function runsOf(text: string): { han: boolean; text: string }[] {
  const runs: { han: boolean; text: string }[] = [];
  let current: { han: boolean; text: string } | null = null;
  for (const raw of text) {
    const c = foldChar(raw);
    const han = HAN.test(c);
    if (!han && !WORD.test(c)) {
      current = null;
      continue;
    }
    if (!current || current.han !== han) {
      current = { han, text: '' };
      runs.push(current);
    }
    current.text += c;
  }
  return runs;
}

function* tokensOfRun(run: { han: boolean; text: string }): Generator<string> {
  const chars = [...run.text];
  if (!run.han) {
    yield chars.slice(0, TOKEN_MAX_LENGTH).join('');
    return;
  }
  if (chars.length === 1) yield chars[0];
  for (let i = 0; i + 1 < chars.length; i++) yield chars[i] + chars[i + 1];
}

/** A text's tokens with how often each occurs. */
export function tokenCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of runsOf(text)) for (const token of tokensOfRun(run)) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** A field of a document and how much a hit in it counts (a description's word outweighs a remark's). */
export interface WeightedText {
  text: string | null | undefined;
  weight: number;
}

/** The most a posting's weight holds (smallint). */
export const WEIGHT_MAX = 32_767;

/** A document's postings: each token with its weight, the sum over fields of occurrences × the field's weight. */
export function documentTokens(fields: readonly WeightedText[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { text, weight } of fields) {
    if (!text) continue;
    for (const [token, n] of tokenCounts(text)) weights.set(token, Math.min(WEIGHT_MAX, (weights.get(token) ?? 0) + n * weight));
  }
  return weights;
}

/** A document's searchable fields. */
export interface SearchDocument {
  docId: number;
  fields: readonly WeightedText[];
}

/** The postings (kind, token, docId, weight) of documents, one per token and document. */
export function postingRows(kind: string, documents: readonly SearchDocument[]): [string, string, number, number][] {
  const rows: [string, string, number, number][] = [];
  for (const { docId, fields } of documents) for (const [token, weight] of documentTokens(fields)) rows.push([kind, token, docId, weight]);
  return rows;
}

/** At most this many tokens of a query are looked up (a 100-character query makes up to 99). */
export const QUERY_TOKEN_LIMIT = 16;

/**
 * The tokens a query's documents must all hold. A lone Han character is kept only when the query has
 * nothing else: the index holds it only where it stands alone (价保 冰 would otherwise find nothing).
 */
export function queryTokens(q: string): string[] {
  const tokens = new Set<string>();
  const lone = new Set<string>();
  for (const run of runsOf(q)) {
    for (const token of tokensOfRun(run)) (run.han && [...run.text].length === 1 ? lone : tokens).add(token);
  }
  const chosen = tokens.size > 0 ? [...tokens] : [...lone];
  return chosen.slice(0, QUERY_TOKEN_LIMIT);
}
