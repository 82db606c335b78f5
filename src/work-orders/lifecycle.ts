import type { WorkOrderStatus } from './work-order.entity';

/**
 * The work-order lifecycle: new → assigned (to a terminal unit) → in progress → solution proposed →
 * closed, with reopen (the customer rejects the solution, or a callback 回访 finds it unsolved) and
 * escalation (overdue, 无法处理 "cannot handle", or by hand) to the supervisor.
 */
export const WORK_ORDER_ACTIONS = ['assign', 'start', 'propose-solution', 'accept', 'reject', 'close', 'reopen', 'escalate', 'cannot-handle'] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];

interface Transition {
  from: readonly WorkOrderStatus[];
  to: WorkOrderStatus | 'unchanged';
}

const OPEN_BEFORE_SOLUTION: readonly WorkOrderStatus[] = ['new', 'assigned', 'in_progress', 'escalated', 'reopened'];

export const TRANSITIONS: Record<WorkOrderAction, Transition> = {
  assign: { from: OPEN_BEFORE_SOLUTION, to: 'assigned' },
  start: { from: ['assigned', 'escalated', 'reopened'], to: 'in_progress' },
  'propose-solution': { from: OPEN_BEFORE_SOLUTION, to: 'solution_proposed' },
  /** The customer accepts the proposed solution; the order may then be closed. */
  accept: { from: ['solution_proposed'], to: 'unchanged' },
  /** The customer rejects the proposed solution: the order reopens. */
  reject: { from: ['solution_proposed'], to: 'reopened' },
  close: { from: ['solution_proposed'], to: 'closed' },
  reopen: { from: ['solution_proposed', 'closed'], to: 'reopened' },
  escalate: { from: ['new', 'assigned', 'in_progress', 'solution_proposed', 'reopened'], to: 'escalated' },
  /** 无法处理: the handler cannot resolve it; escalates at once. */
  'cannot-handle': { from: ['assigned', 'in_progress', 'reopened'], to: 'escalated' },
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly action: WorkOrderAction,
    readonly current: WorkOrderStatus,
    readonly allowed: WorkOrderAction[],
  ) {
    const steps = [...new Set(allowed.map((a) => STEP_OF[a]))];
    super(
      `Cannot ${STEP_OF[action]} a work order that is ${current}; allowed in ${current}: ${steps.length ? steps.join(', ') : 'none (it is closed; reopen it first)'}`,
    );
  }
}

/**
 * The steps a person takes, named as the routes are (`POST /work-orders/:number/<step>`): the
 * customer's answer, yes or no, is one step (`acceptance`), and proposing is `solution`.
 */
export const WORK_ORDER_STEPS = ['assign', 'start', 'solution', 'acceptance', 'close', 'reopen', 'escalate', 'cannot-handle'] as const;
export type WorkOrderStep = (typeof WORK_ORDER_STEPS)[number];

const STEP_OF: Record<WorkOrderAction, WorkOrderStep> = {
  assign: 'assign',
  start: 'start',
  'propose-solution': 'solution',
  accept: 'acceptance',
  reject: 'acceptance',
  close: 'close',
  reopen: 'reopen',
  escalate: 'escalate',
  'cannot-handle': 'cannot-handle',
};

/** Who may take each step: the routes' @Roles read it from here, and `allowedActions` offers a person only their own. */
export const STEP_ROLES = {
  assign: ['agent', 'supervisor'],
  start: ['terminal', 'agent', 'supervisor'],
  solution: ['terminal', 'agent', 'supervisor'],
  acceptance: ['agent', 'supervisor', 'quality', 'terminal'],
  close: ['agent', 'supervisor', 'quality', 'terminal'],
  reopen: ['agent', 'supervisor', 'quality'],
  escalate: ['agent', 'supervisor', 'quality'],
  'cannot-handle': ['terminal', 'agent', 'supervisor'],
} as const satisfies Record<WorkOrderStep, readonly string[]>;

/**
 * The steps allowed now on `order`, for a person with `roles` (all roles when not given): close only
 * once the customer's acceptance of the current solution is recorded, the acceptance only while it is not.
 */
export function allowedActionsFor(
  order: { status: WorkOrderStatus; solution: string | null; acceptedAt: Date | null },
  roles?: readonly string[],
): WorkOrderStep[] {
  const steps = new Set<WorkOrderStep>();
  for (const action of allowedActions(order.status)) {
    if (action === 'close' && closeRefusal(order) !== null) continue;
    if ((action === 'accept' || action === 'reject') && order.acceptedAt !== null) continue;
    steps.add(STEP_OF[action]);
  }
  return WORK_ORDER_STEPS.filter((step) => steps.has(step) && (!roles || STEP_ROLES[step].some((role) => roles.includes(role))));
}

/** The step (route) of an action. */
export function stepOf(action: WorkOrderAction): WorkOrderStep {
  return STEP_OF[action];
}

/** The actions a work order in `status` allows. */
export function allowedActions(status: WorkOrderStatus): WorkOrderAction[] {
  return WORK_ORDER_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status));
}

/** The status after `action`, or IllegalTransitionError naming the current status and the allowed actions. */
export function nextStatus(status: WorkOrderStatus, action: WorkOrderAction): WorkOrderStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(status)) throw new IllegalTransitionError(action, status, allowedActions(status));
  return transition.to === 'unchanged' ? status : transition.to;
}

/** Close needs the customer's acceptance of the current solution (处理方案得到认可才可完结工单). */
export function closeRefusal(order: { status: WorkOrderStatus; solution: string | null; acceptedAt: Date | null }): string | null {
  if (order.status !== 'solution_proposed') return null; // the transition check names the state
  if (!order.solution) return 'No solution has been proposed';
  if (!order.acceptedAt) return "Cannot close: the customer's acceptance of the proposed solution has not been recorded (POST …/acceptance)";
  return null;
}

export const OPEN_STATUSES: readonly WorkOrderStatus[] = ['new', 'assigned', 'in_progress', 'solution_proposed', 'escalated', 'reopened'];
