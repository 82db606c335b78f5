/** Whether a failed write broke the unique index `indexName`, on either engine (MySQL names the key; SQLite names the columns). */
export function isUniqueViolation(error: unknown, indexName: string, sqliteColumns: string): boolean {
  const e = error as { code?: string; message?: string; driverError?: { code?: string; message?: string } };
  const code = e?.driverError?.code ?? e?.code ?? '';
  const message = e?.driverError?.message ?? e?.message ?? '';
  if (code === 'ER_DUP_ENTRY') return message.includes(indexName);
  return code.startsWith('SQLITE_CONSTRAINT') && message.includes('UNIQUE') && message.includes(sqliteColumns);
}
