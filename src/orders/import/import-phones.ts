import { normalisePhone } from '../../customers/phone-number';

const MOBILE = /^(?:\+86|0086)?(1[3-9]\d{9})$/;
const SEPARATORS = /[ ()\-.]/g;
const MAX_SEGMENTS = 100_000;

/**
 * `normalisePhone` for an import's tens of thousands of numbers. libphonenumber's full parse costs
 * ~30–500 µs a number (the latter on a loaded machine) — most of an import's CPU when every order has
 * its own phone. A Chinese mobile's validity is decided by its segment (号段: the first 7 digits;
 * libphonenumber's patterns for CN mobiles look at no more than the first 5), so the full parse runs
 * once per segment and the rest of that segment's numbers are written `+86…` as it would write them.
 */
export class ImportPhones {
  private readonly segments = new Map<string, boolean>();

  normalise(raw: string): string | null {
    const mobile = MOBILE.exec(raw.replace(SEPARATORS, ''));
    if (!mobile) return normalisePhone(raw);
    const digits = mobile[1];
    const segment = digits.slice(0, 7);
    let valid = this.segments.get(segment);
    if (valid === undefined) {
      const parsed = normalisePhone(digits);
      if (parsed !== null && parsed !== `+86${digits}`) return parsed; // not the shape assumed: never cache it
      valid = parsed !== null;
      if (this.segments.size < MAX_SEGMENTS) this.segments.set(segment, valid);
    }
    return valid ? `+86${digits}` : null;
  }
}
