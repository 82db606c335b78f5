/**
 * Who may open which page, from the signed-in user's roles (as ant-design-pro's src/access.ts): each
 * route in config/routes.ts names one of these. The server checks every API call again (@Roles).
 */
export interface Access {
  canAnswerCalls: boolean;
  canSupervise: boolean;
  canMonitorQuality: boolean;
  /** Callbacks show customers: quality monitors and supervisors, not admins. */
  canCallBack: boolean;
  /** As the server's ON_ORDERS (src/work-orders/work-order-access.ts): admins manage staff, not orders. */
  canWorkOrders: boolean;
  /** 人员管理: staff accounts are the admin's (the server's @Roles('admin') on /staff changes). */
  canManageStaff: boolean;
  /** 知识库 and 通讯录: every role reads them (the server's KNOWLEDGE_READERS). */
  canReadKnowledge: boolean;
  /** Articles, scripts (话术) and directory entries are written by supervisors (and admins). */
  canEditKnowledge: boolean;
}

export default function access(roles: readonly string[]): Access {
  const has = (...wanted: string[]) => roles.some((r) => wanted.includes(r));
  return {
    canAnswerCalls: has('agent'),
    canSupervise: has('supervisor', 'admin'),
    canMonitorQuality: has('quality', 'supervisor', 'admin'),
    canCallBack: has('quality', 'supervisor'),
    canWorkOrders: has('agent', 'supervisor', 'quality', 'terminal'),
    canManageStaff: has('admin'),
    canReadKnowledge: has('agent', 'supervisor', 'quality', 'terminal', 'admin'),
    canEditKnowledge: has('supervisor', 'admin'),
  };
}
