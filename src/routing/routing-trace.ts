import { appendFile } from 'node:fs';

/**
 * `ROUTING_TRACE_FILE=/path`: each process appends, as JSON lines, when each step of a call's routing
 * path happened — a journal entry submitted, appended, read and applied; a Twilio webhook received and
 * answered; an offer built for an agent's page — so `scripts/routing-trace-report.ts` can tell where a
 * clustered offer's time goes (README, Performance). Unset: nothing is kept. Buffered and written
 * asynchronously, every 300 ms, so the measuring does not stall what it measures.
 */
const file = process.env.ROUTING_TRACE_FILE;
let buffer: string[] = [];
if (file) setInterval(flush, 300).unref();

export const routingTracing = file !== undefined;

export function traceRouting(step: Record<string, unknown>): void {
  if (file) buffer.push(JSON.stringify({ pid: process.pid, ...step }) + '\n');
}

function flush(): void {
  if (!file || buffer.length === 0) return;
  const lines = buffer.join('');
  buffer = [];
  appendFile(file, lines, () => undefined);
}
