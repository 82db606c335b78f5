import type { StaffPrincipal } from '../auth/auth.decorators';
import type { Role } from '../auth/role';

/** Who reads the knowledge base: agents beside calls, supervisors, quality monitors checking answers, terminal staff. */
export const KNOWLEDGE_READERS: Role[] = ['agent', 'supervisor', 'quality', 'terminal', 'admin'];
/** Who writes, publishes and resolves corrections (客服主管). */
export const KNOWLEDGE_EDITORS: Role[] = ['supervisor', 'admin'];

export const isKnowledgeEditor = (principal: StaffPrincipal): boolean => principal.roles.some((r) => KNOWLEDGE_EDITORS.includes(r));
