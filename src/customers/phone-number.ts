import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers as the customer file keys them: E.164 (`+8613800138000`). Numbers written the
 * Chinese way are read as Chinese — 11-digit mobiles (`13800138000`), 400/800 service numbers
 * (`400-812-3456`), landlines with their trunk prefix (`010-12345678`, `0755 1234 5678`) — and
 * `+…`/`00…` numbers as international. Anything that is not a dialable number gives null.
 */
export function normalisePhone(input: string, defaultCountry: 'CN' = 'CN'): string | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.trim();
  if (!/^[+0-9][0-9 ()\-.]{3,30}$/.test(trimmed)) return null;
  const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  const parsed = parsePhoneNumberFromString(international, defaultCountry);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
