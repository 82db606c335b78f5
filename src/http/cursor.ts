import { DomainError } from './errors/domain-error';

/** Opaque paging cursors: a prefix and numbers, base64url. */
export function encodeCursor(prefix: string, ...parts: number[]): string {
  return Buffer.from(`${prefix}${parts.join(':')}`).toString('base64url');
}

export function decodeCursor(prefix: string, cursor: string, count: number): number[] {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const match = new RegExp(`^${prefix}(-?\\d{1,15}(?::-?\\d{1,15}){${count - 1}})$`).exec(decoded);
  if (!match) {
    const message = 'cursor is not a cursor this API gave out';
    throw new DomainError('paging.cursor_invalid', { field: 'cursor' }, message, {
      errors: [{ field: 'cursor', code: 'validation.field_invalid', rule: 'cursor', message }],
    });
  }
  return match[1].split(':').map(Number);
}
