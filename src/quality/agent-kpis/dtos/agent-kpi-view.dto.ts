import { ApiProperty } from '@nestjs/swagger';
import type { Grade } from '../agent-kpi';

/* GET /quality/agent-kpis as OpenAPI describes it (agent-kpi.ts has the same shapes). */

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
  avgSpeedOfAnswerSeconds: number | null;
  avgHandleSeconds: number | null;
  workOrdersCreated: number;
  workOrdersClosed: number;
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
  gradeRuleParams: GradeRuleParams;
  days: DayKpisView[];
  months: MonthKpisView[];
}
