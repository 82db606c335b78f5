/* No decorators or framework here: the web pages import these too. */

/** What an article is about (seed 004's 知识库: 服务承诺, 价保, 质保, 物流, 三包, 家电下乡/节能补贴, 会员积分, 发票, 促销). */
export const KNOWLEDGE_CATEGORIES = [
  'store_promise',
  'price_protection',
  'warranty',
  'logistics',
  'three_guarantees',
  'subsidy',
  'membership_points',
  'invoice',
  'promotion',
] as const;
export type KnowledgeCategory = (typeof KNOWLEDGE_CATEGORIES)[number];
// store_promise 门店服务承诺 · price_protection 价保 · warranty 质保 · logistics 物流知识 · three_guarantees 三包 ·
// subsidy 家电下乡/节能补贴 · membership_points 会员积分 · invoice 发票 · promotion 促销活动

/** A draft is being written; published articles are read by agents; archived ones by no one but supervisors. */
export const ARTICLE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Script situations (话术): what the agent says when. */
export const SCRIPT_SITUATIONS = ['greeting', 'apology', 'escalation', 'closing'] as const;
export type ScriptSituation = (typeof SCRIPT_SITUATIONS)[number];

export const SCRIPT_LANGUAGES = ['zh-CN', 'en-US'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];
