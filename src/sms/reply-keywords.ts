/**
 * What a customer's reply asks for. China's carriers require notifications to offer 回复TD退订 and
 * the sender to honour it; Twilio's own STOP filtering covers English keywords on US/Canadian long
 * codes only, so the app reads the replies itself. Exact words only ("TD", "退订", "STOP"; case,
 * spaces and punctuation ignored) — "TD了吗" or a sentence is a reply, not an opt-out.
 */
const OPT_OUT = new Set(['TD', 'T', '退订', '退', 'STOP', 'UNSUBSCRIBE', 'QUIT', 'CANCEL', 'END', 'STOPALL', 'OPTOUT']);
const OPT_IN = new Set(['START', 'UNSTOP', '订阅', 'KT']);

export function replyIntent(body: string): 'opt-out' | 'opt-in' | null {
  const word = body
    .normalize('NFKC')
    .replace(/[\s\p{P}]/gu, '')
    .toUpperCase();
  if (OPT_OUT.has(word)) return 'opt-out';
  if (OPT_IN.has(word)) return 'opt-in';
  return null;
}
