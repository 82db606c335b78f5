/** `?, ?, ?` — one positional parameter per value, for hand-written hot-path SQL (`IN (…)`, a VALUES row) on both engines. */
export function sqlPlaceholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
