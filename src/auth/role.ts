/** What a member of staff may do. A person can hold several roles. */
export const ROLES = ['agent', 'supervisor', 'quality', 'terminal', 'admin'] as const;
export type Role = (typeof ROLES)[number];
// agent 客服代表 · supervisor 客服主管 · quality 质量监督组 · terminal 终端 (门店/物流/配送/售后) · admin
