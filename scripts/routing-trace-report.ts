/**
 * `node dist/scripts/routing-trace-report.js FILE [--calls N]`: where a call's routing time goes, from the lines
 * the server processes wrote to ROUTING_TRACE_FILE (src/routing/routing-trace.ts) — e.g. during
 * `bench:ws --processes 2`. Per step, p50 / p90 / p99 / max in ms:
 *   - the incoming webhook, from received to answered, and up to its `call-arrived` entry's submission;
 *   - the journal path of the entries a process submitted: appended (XADD answered), read back by
 *     its reader, applied — the submitter's answer (submitted → applied) — for the calls' arrivals
 *     and for every entry (the agents' sign-ins and state changes included);
 *   - every process's lag behind the journal (entry time → read) and apply time per entry;
 *   - the offer for an agent's page: built (a read of the call's record) and sent, from the webhook's start.
 * `--calls N`: only the first N calls' incoming webhooks, and the lines within their time (bench:ws's
 * call phase, leaving its agents' sign-ins before and its presence phase after out).
 */
import { readFileSync } from 'node:fs';

type Line = Record<string, number | string | null | undefined> & { pid: number; step: string };

function percentiles(values: number[]): string {
  if (values.length === 0) return 'none';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `n ${sorted.length}  p50 ${at(0.5)}  p90 ${at(0.9)}  p99 ${at(0.99)}  max ${sorted[sorted.length - 1]}`;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: routing-trace-report FILE');
  const num = (v: unknown) => v as number;
  let lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
  const calls = process.argv.indexOf('--calls');
  if (calls > 0) {
    const firstCalls = lines
      .filter((l) => l.step === 'webhook' && String(l.path).endsWith('/incoming'))
      .sort((a, b) => num(a.received) - num(b.received))
      .slice(0, Number(process.argv[calls + 1]));
    const from = num(firstCalls[0].received);
    const to = num(firstCalls[firstCalls.length - 1].answered) + 2000;
    const when = (l: Line) => num(l.received ?? l.submitted ?? l.read ?? l.building ?? l.appended);
    lines = lines.filter((l) => when(l) >= from && when(l) <= to);
  }
  const row = (label: string, values: number[]) => process.stdout.write(`${label.padEnd(58)} ${percentiles(values)}\n`);

  const webhooks = lines.filter((l) => l.step === 'webhook');
  for (const path of [...new Set(webhooks.map((w) => w.path as string))]) {
    row(
      `webhook ${path}: received → answered`,
      webhooks.filter((w) => w.path === path).map((w) => num(w.answered) - num(w.received)),
    );
  }
  const incoming = new Map(webhooks.filter((w) => String(w.path).endsWith('/incoming')).map((w) => [w.callId as string, w]));
  const journal = lines.filter((l) => l.step === 'journal');
  const appendedAt = new Map(lines.filter((l) => l.step === 'appended').map((l) => [l.rid as string, num(l.appended)]));
  const own = journal.filter((l) => l.submitted !== undefined);
  const arrivals = own.filter((l) => l.type === 'call-arrived');
  row(
    'incoming webhook received → call-arrived submitted',
    arrivals.flatMap((a) => (incoming.has(a.callId as string) ? [num(a.submitted) - num(incoming.get(a.callId as string)!.received)] : [])),
  );
  for (const [label, entries] of [
    ['call-arrived', arrivals],
    ['every own entry', own],
  ] as const) {
    const appended = entries.filter((e) => appendedAt.has(e.rid as string));
    row(
      `journal, ${label}: submitted → appended (XADD answered)`,
      appended.map((e) => appendedAt.get(e.rid as string)! - num(e.submitted)),
    );
    row(
      `journal, ${label}: submitted → read back`,
      entries.map((e) => num(e.read) - num(e.submitted)),
    );
    row(
      `journal, ${label}: read → applied`,
      entries.map((e) => num(e.applied) - num(e.read)),
    );
    row(
      `journal, ${label}: submitted → applied (the answer)`,
      entries.map((e) => num(e.applied) - num(e.submitted)),
    );
  }
  for (const pid of [...new Set(journal.map((l) => l.pid))]) {
    const mine = journal.filter((l) => l.pid === pid);
    row(
      `process ${pid}: entry time → read (its lag)`,
      mine.map((e) => num(e.read) - num(e.at)),
    );
    row(
      `process ${pid}: applying one entry`,
      mine.map((e) => num(e.applied) - num(e.applying)),
    );
  }
  const offers = lines.filter((l) => l.step === 'offer');
  row(
    'offer for an agent page: built (reading the call record)',
    offers.filter((o) => o.sent !== null).map((o) => num(o.sent) - num(o.building)),
  );
  const sid = (callId: unknown) => String(callId).split('#')[0];
  // The first offer sent for each call (later ones are offers again after a ring ended).
  const first = new Map<string, number>();
  for (const o of offers)
    if (o.sent !== null && incoming.has(sid(o.callId)) && !first.has(sid(o.callId)))
      first.set(sid(o.callId), num(o.sent) - num(incoming.get(sid(o.callId))!.received));
  row('incoming webhook received → first offer sent to the agent page', [...first.values()]);
}

main();
