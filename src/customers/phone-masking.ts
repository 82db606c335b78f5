import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Customers' phone numbers as quality monitors (质量监督组) see them in lists: the national number
 * with its middle hidden — `+8613812345678` → `138****5678` (the first three and the last four
 * digits kept). The full number is shown only when one work order or task is opened, and that view
 * is audited. Pure; for every module that lists customers to quality staff.
 */
export function maskPhone(e164: string | null | undefined): string {
  if (!e164) return '';
  const national = nationalDigits(e164);
  if (national.length >= 8) return `${national.slice(0, 3)}${'*'.repeat(national.length - 7)}${national.slice(-4)}`;
  // Too short to keep seven digits and still hide something: keep the last two only.
  if (national.length > 2) return `${'*'.repeat(national.length - 2)}${national.slice(-2)}`;
  return '*'.repeat(national.length);
}

/** A customer's numbers as a quality monitor sees them: masked, but for `known` — the one they looked the customer up by. */
export function maskPhonesExcept(phones: string[], known?: string): string[] {
  return phones.map((p) => (p === known ? p : maskPhone(p)));
}

/** Whether lists show this principal masked numbers: quality monitors always do. */
export function masksPhonesFor(roles: readonly string[]): boolean {
  return roles.includes('quality');
}

function nationalDigits(phone: string): string {
  const parsed = phone.startsWith('+') ? parsePhoneNumberFromString(phone) : undefined;
  if (parsed) return String(parsed.nationalNumber);
  return phone.replace(/\D/g, '');
}
