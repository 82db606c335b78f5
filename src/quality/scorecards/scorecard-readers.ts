/** Who reads forms, evaluations and calibration (质检): quality monitors, supervisors and admins. */
export const SCORECARD_READERS = ['quality', 'supervisor', 'admin'] as const;
