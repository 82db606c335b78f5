/** What the softphone and the wallboard both show of an agent: the not-ready reasons one can pick, and durations as mm:ss. */
export const REASONS = ['break', 'meal', 'training', 'meeting', 'other'] as const;

const pad = (n: number) => String(n).padStart(2, '0');
export const clock = (seconds: number): string => `${pad(Math.floor(seconds / 60))}:${pad(Math.floor(seconds % 60))}`;
