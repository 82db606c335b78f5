/** The knowledge base's, scripts' and directory's calls to the server (bearer token, errors worded by code: core.api). */
import { api, app, query } from '../../core';
import type { TextKey } from '../../locales';
import type { components } from '../../services/api-types';
import { KNOWLEDGE_CATEGORIES, SCRIPT_SITUATIONS } from '../../../../src/knowledge/knowledge-categories';

export type ArticleSummary = components['schemas']['ArticleSummaryDto'];
export type Article = components['schemas']['ArticleDto'];
export type ArticlePage = components['schemas']['ArticlePage'];
export type ArticleVersion = components['schemas']['ArticleVersionDto'];
export type VersionDiff = components['schemas']['VersionDiffDto'];
export type Correction = components['schemas']['CorrectionDto'];
export type CorrectionPage = components['schemas']['CorrectionPage'];
export type ArticleContent = components['schemas']['ArticleContentDto'];
export type CallScript = components['schemas']['CallScriptDto'];
export type Unit = components['schemas']['TerminalUnit'];
export type Category = Article['category'];
export type Situation = CallScript['situation'];

/** The server's lists (src/knowledge/knowledge-categories.ts), in the order pages show them. */
export const CATEGORIES: readonly Category[] = KNOWLEDGE_CATEGORIES;
export const SITUATIONS: readonly Situation[] = SCRIPT_SITUATIONS;
export const categoryKey = (c: string) => `kbcat_${c}` as TextKey;
export const situationKey = (s: string) => `sit_${s}` as TextKey;

/** The script language of the page's language. */
export const scriptLanguage = (): CallScript['language'] => (app.lang === 'en' ? 'en-US' : 'zh-CN');

const article = (id: number) => `/knowledge/articles/${id}`;

export const knowledgeApi = {
  list: (params: { q?: string; category?: string; all?: boolean; cursor?: string }) =>
    api<ArticlePage>('GET', `/knowledge/articles${query({ limit: 100, ...params, all: params.all ? 'true' : undefined })}`),
  get: (id: number) => api<Article>('GET', article(id)),
  create: (body: ArticleContent) => api<Article>('POST', '/knowledge/articles', body),
  revise: (id: number, body: ArticleContent & { baseVersion?: number }) => api<Article>('PUT', article(id), body),
  publish: (id: number, version?: number) => api<Article>('POST', `${article(id)}/publish`, { version }),
  archive: (id: number) => api<Article>('POST', `${article(id)}/archive`),
  versions: (id: number) => api<ArticleVersion[]>('GET', `${article(id)}/versions`),
  diff: (id: number, version: number) => api<VersionDiff>('GET', `${article(id)}/versions/${version}/diff`),
  rate: (id: number, helpful: boolean) => api<components['schemas']['RatingDto']>('PUT', `${article(id)}/rating`, { helpful }),
  suggestCorrection: (id: number, text: string) => api<Correction>('POST', `${article(id)}/corrections`, { text }),
  corrections: (status?: string) => api<CorrectionPage>('GET', `/knowledge/corrections${query({ status, limit: 100 })}`),
  resolve: (id: number, status: 'accepted' | 'rejected', note?: string) => api<Correction>('POST', `/knowledge/corrections/${id}/resolve`, { status, note }),
  attach: (id: number, body: { fileName: string; contentType: string; dataBase64: string }) => api<unknown>('POST', `${article(id)}/attachments`, body),
  suggestions: (params: { queue?: string | null; category?: string | null }) => api<ArticleSummary[]>('GET', `/knowledge/suggestions${query(params)}`),
  scripts: (params: { queue?: string | null; language?: string }) => api<CallScript[]>('GET', `/call-scripts${query(params)}`),
  writeScript: (queue: string, situation: string, language: string, text: string) =>
    api<CallScript>('PUT', `/call-scripts/${encodeURIComponent(queue)}/${situation}/${language}`, { text }),
  /** Click-to-call a directory entry: the server dials the number it holds now. */
  dialUnit: (unitCode: string) => api<{ callSid: string; to: string }>('POST', '/calls/outbound', { unitCode }),
  units: (params: { terminal?: string; q?: string } = {}) => api<Unit[]>('GET', `/units${query(params)}`),
  createUnit: (body: components['schemas']['CreateUnitDto']) => api<Unit>('POST', '/units', body),
  updateUnit: (code: string, body: components['schemas']['UpdateUnitDto']) => api<Unit>('PATCH', `/units/${encodeURIComponent(code)}`, body),
};

/** A script's text as the agent says it: `{agent}` is their job number (工号). */
export const scriptText = (text: string): string => text.replaceAll('{agent}', app.session?.jobNumber ?? '');
