/* No decorators or framework here: the softphone page imports this too. */

/** The agent's disposition of a call at wrap-up (小结). */
export const CALL_DISPOSITIONS = ['resolved', 'work_order', 'follow_up', 'inquiry', 'complaint', 'transferred', 'silent', 'wrong_number', 'other'] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];
// resolved 已解决 · work_order 已建工单 · follow_up 需跟进 · inquiry 咨询 · complaint 投诉 · transferred 已转接 · silent 无声/挂断 · wrong_number 打错 · other 其他
