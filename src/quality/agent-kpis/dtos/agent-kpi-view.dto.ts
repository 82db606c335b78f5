import { ApiProperty } from '@nestjs/swagger';
import type { Grade } from '../agent-kpi';

/*
 * GET /quality/agent-kpis: the types computeAgentKpis (agent-kpi.ts) returns, as OpenAPI describes them. `//` notes
 * are for readers only; a `/** … *\/` comment becomes the field's description in /docs.
 */

export class KpiFiguresView {
  /** The agent's job number (工号). */
  jobNumber: string;
  name: string | null;
  offered: number;
  answered: number;
  answeredWithinRings: number;
  /** % of answered offers picked up within the ring budget; null when nothing was answered. */
  answeredWithinRingsPct: number | null;
  missed: number;
  // Averages and percentages have 1 decimal (avgSatisfaction 2); null when there is nothing to average.
  avgSpeedOfAnswerSeconds: number | null;
  avgHandleSeconds: number | null;
  workOrdersCreated: number;
  workOrdersClosed: number;
  // Seconds not ready (未就绪), in all and per reason (break, meal, training, missed-call, login, …).
  notReadySeconds: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  notReadyByReason: Record<string, number>;
  workOrdersClosedWithinSla: number;
  slaKeptPct: number | null;
  qaEvaluations: number;
  qaScorePct: number | null;
  callbackVisits: number;
  avgSatisfaction: number | null;
}

export class DayKpisView extends KpiFiguresView {
  /** Site day, YYYY-MM-DD. */
  date: string;
}

// A month covers only its days inside the requested range.
export class MonthKpisView extends KpiFiguresView {
  /** YYYY-MM. */
  month: string;
  /** 优 excellent, 良 good, 中 fair, 差 poor; null when the agent answered nothing that month. */
  @ApiProperty({ enum: ['优', '良', '中', '差'], nullable: true })
  grade: Grade | null;
}

export class GradeRuleParams {
  ringBudgetSeconds: number;
  excellent: number;
  good: number;
  fair: number;
}

export class AgentKpiResponseView {
  from: string;
  to: string;
  /** The one agent asked for, if any. */
  jobNumber: string | null;
  ringBudgetSeconds: number;
  /** The grade rule in English; pages word it from gradeRuleParams. */
  gradeRule: string;
  /** The grade rule as a code; pages say it in their language with gradeRuleParams. */
  gradeRuleCode: 'quality.grade_rule';
  gradeRuleParams: GradeRuleParams;
  days: DayKpisView[];
  months: MonthKpisView[];
}
