export const SLA_SOURCES = ['policy', 'built-in', 'default'] as const;

/** A category's service levels and where they come from. */
export class SlaPolicyView {
  /** The work-order category (a complaint cause code); `*` is the default for every category without a policy. */
  category: string;

  /** policy: set here; built-in: the seeds' rule (logistics after-sales 5 min / 48 h); default: WORK_ORDER_RESOLUTION_HOURS. */
  source: (typeof SLA_SOURCES)[number];

  /** First reply to the customer within this many minutes; null: no first-response target. */
  firstResponseMinutes: number | null;

  resolutionMinutes: number;

  /** Counts only the site's business hours (SLA_BUSINESS_HOURS / SLA_BUSINESS_DAYS). */
  businessHoursOnly: boolean;
}
