/**
 * A routing journal stopped while commands are on their way, in a process of its own (Jest keeps a
 * test's unhandled rejections from Node's own report, so the medium spec runs this as a child and
 * reads what Node saw). Prints one JSON line: each caller's outcome, what the process applied, how
 * long the stop took, and every unhandled rejection. `STOP_SCENARIO`: `live` (Redis answering) or
 * `reader-cut` (the answers can no longer come back).
 */
import { RoutingProcesses } from './routing-process';

const unhandled: string[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason instanceof Error ? reason.message : String(reason)));

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );

async function main(): Promise<void> {
  const processes = new RoutingProcesses('journal-stop');
  processes.prefix = process.env.STOP_PREFIX!;
  const a = processes.start();
  await a.journal.start();
  // Each caller listens at once, as an awaiting webhook handler does.
  const inFlight = Array.from({ length: 40 }, (_, i) => outcome(a.journal.submit({ type: 'offer-timed-out', callId: `CA${i}` })));
  if (process.env.STOP_SCENARIO === 'reader-cut') (a.journal as unknown as { reader: { disconnect(): void } }).reader.disconnect();
  const started = Date.now();
  const stopping = a.journal.onModuleDestroy();
  const late = [a.journal.submit({ type: 'wrap-up-done', agentId: '1001' }), a.journal.submitAsLeader({ type: 'tick' })].map(outcome);
  const settled = await Promise.all(inFlight);
  const refused = await Promise.all(late);
  await stopping;
  const stoppedInMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, 50));
  await processes.clear();
  process.stdout.write(JSON.stringify({ settled, refused, applied: a.applied.length, stoppedInMs, unhandled }) + '\n');
}

void main();
