import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RoutingProcesses } from '../../test/support/routing-process';

const STOPPING = 'the server is stopping: routing takes no more commands here';
const root = join(__dirname, '..', '..');

interface StopReport {
  settled: ({ value: unknown } | { error: string })[];
  refused: ({ value: unknown } | { error: string })[];
  applied: number;
  stoppedInMs: number;
  unhandled: string[];
}

/** test/support/journal-stop-scenario.ts in a Node process of its own: what its callers got, and what Node reported unhandled. */
async function stopScenario(prefix: string, scenario: 'live' | 'reader-cut'): Promise<StopReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', 'reflect-metadata', '-r', join(root, 'test/support/swc-register.js'), join(root, 'test/support/journal-stop-scenario.ts')],
    { cwd: root, env: { ...process.env, STOP_PREFIX: prefix, STOP_SCENARIO: scenario }, timeout: 30_000 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as StopReport;
}

/** The routing journal's life on the real Redis (medium: no server): its stop. */
describe('routing journal (medium, real Redis)', () => {
  const processes = new RoutingProcesses('journal');
  beforeEach(() => processes.next());
  afterEach(() => processes.clear());

  it('a stopping process refuses new commands, answers those in flight to their callers, and leaves no rejection unhandled', async () => {
    const report = await stopScenario(processes.prefix, 'live');
    expect(report.unhandled).toEqual([]);
    // Every one sent before the stop reached the stream and came back applied: its caller has the result.
    expect(report.settled).toEqual(Array.from({ length: 40 }, () => ({ value: 'offer-timed-out' })));
    expect(report.applied).toBe(40);
    // Any sent after it is refused, saying why.
    expect(report.refused).toEqual([{ error: STOPPING }, { error: STOPPING }]);
  });

  it('a stop whose answers cannot come back (the reader cut) rejects what waits to its callers, at once, and nothing goes unhandled', async () => {
    const report = await stopScenario(processes.prefix, 'reader-cut');
    expect(report.unhandled).toEqual([]);
    for (const s of report.settled) expect(s).toEqual({ error: expect.stringMatching(/^the server is stopping/) });
    expect(report.stoppedInMs).toBeLessThan(1000);
  });
});
