/** Figures as reports, KPIs and scorecards show them: rates and scores to one decimal, averages and ratios to two. */
export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round2 = (x: number): number => Math.round(x * 100) / 100;
