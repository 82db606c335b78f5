/** The quality page's hand-copied types import the KPI types from here; this goes when they are generated from OpenAPI (STYLE.md §11). */
export type { DayKpis, MonthKpis } from './agent-kpis/agent-kpi';
