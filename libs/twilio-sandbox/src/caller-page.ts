/** Placeholder replaced later by the full caller page. */
export function callerPageHtml(): string {
  return '<!doctype html><title>Twilio sandbox</title><p>Caller page</p>';
}
