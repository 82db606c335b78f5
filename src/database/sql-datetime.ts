/** An instant as both engines store `datetime(3)` columns: UTC 'YYYY-MM-DD HH:MM:SS.mmm' — for hand-written hot-path SQL. */
export function toSqlDateTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}
