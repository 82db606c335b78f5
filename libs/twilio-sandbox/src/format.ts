/** RFC 2822 date as the Twilio REST API renders it: "Tue, 31 Aug 2010 20:36:28 +0000". */
export function rfc2822(ms: number | undefined | null): string | null {
  if (ms === undefined || ms === null) return null;
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** ISO 3166 country guessed from an E.164 prefix, for the From/To*Country webhook params. */
export function countryOf(number: string): string {
  if (number.startsWith('client:')) return '';
  if (number.startsWith('+86') || /^(400|800)\d{7}$/.test(number) || /^1[3-9]\d{9}$/.test(number)) return 'CN';
  if (number.startsWith('+1')) return 'US';
  if (number.startsWith('+44')) return 'GB';
  return '';
}

/** "(415) 555-1212" for NANP numbers, the number itself otherwise, like the REST `*_formatted` fields. */
export function formatNumber(number: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : number;
}
