/**
 * A server process's routing parts without the server (the engine service over its journal and lease
 * on a real Redis), and a day of routing commands to drive them: the journal's medium specs and
 * `bench:journal` share them.
 */
import { Random } from '@hotline/acd';
import { PinoLogger } from 'nestjs-pino';
import { ConfigVariables } from '../config/config-variables';
import { wallClock } from '../src/clock/app-clock';
import { RedisConnection } from '../src/redis/redis-connection';
import { QueueView } from '../src/routing/dtos/routing.dto';
import { RoutingEngineService } from '../src/routing/routing-engine.service';
import { RoutingJournal } from '../src/routing/routing-journal.service';
import { RoutingLeadership } from '../src/routing/routing-leadership.service';

/** Logs nowhere (a bench or a spec reads figures and behaviour, not log lines). */
export const quietLogger = () =>
  ({ setContext: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined }) as unknown as PinoLogger;

/** A server process's whole routing state machine on the real Redis: the engine service over its own journal and lease. */
export class RoutingSite {
  readonly redis: RedisConnection;
  readonly leadership: RoutingLeadership;
  readonly journal: RoutingJournal;
  readonly engine: RoutingEngineService;

  constructor(config: ConfigVariables, logger: () => PinoLogger = quietLogger) {
    this.redis = new RedisConnection(config, logger());
    this.leadership = new RoutingLeadership(this.redis, logger());
    this.journal = new RoutingJournal(this.redis, this.leadership, wallClock(), logger(), config);
    this.engine = new RoutingEngineService(wallClock(), config, logger(), this.journal, this.leadership);
  }

  /** Takes part in the election (the first one started leads), replays the journal (from its snapshot, if any) and follows it. */
  async start(): Promise<this> {
    await this.leadership.onApplicationBootstrap();
    await this.engine.onApplicationBootstrap();
    return this;
  }

  async stop(): Promise<void> {
    this.engine.onModuleDestroy();
    await this.leadership.onModuleDestroy();
    await this.journal.onModuleDestroy();
    await this.redis.onApplicationShutdown();
  }
}

/** A queue as the routing configuration journals it. */
export function queueView(code: string, skillCode: string, wrapUpSeconds = 0): QueueView {
  return {
    code,
    name: code,
    skillCode,
    menuKey: null,
    strategy: 'longest-idle',
    wrapUpSeconds,
    maxWaitSeconds: 600,
    overflowQueueCode: null,
    overflowAfterSeconds: null,
    serviceLevelSeconds: 20,
    joinWhenNoAgents: true,
    recordCalls: false,
  };
}

/**
 * `count` routing commands a site's day is made of, through the engine's API on `site` one after
 * another: queues, agents with sockets signing in, calls arriving, answered, declined, ringing out,
 * ending, wrap-ups, agents' state changes — seeded, each chosen from the state the site holds.
 */
export async function driveRoutingDay(site: RoutingSite, count: number, seed: number): Promise<void> {
  const rng = new Random(seed);
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(rng.next() * items.length)];
  const agents = ['1001', '1002', '1003', '1004', '1005', '1006'];
  const skills = { general: 1, orders: 2 };
  const { engine } = site;
  await engine.upsertQueue(queueView('general', 'general', 1));
  await engine.upsertQueue(queueView('orders', 'orders'));
  for (const agent of agents) {
    await engine.softphoneUp(agent, `socket-${agent}`);
    await engine.signIn(agent, skills, true);
  }
  const inState = (state: string) => agents.filter((a) => engine.agentState(a).state === state);
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    const rung = pick(inState('reserved'));
    const talking = pick(inState('on-call'));
    // Callers keep coming while fewer than 40 calls are live (a busy hour for six agents, not an ever-growing queue).
    if (r < 0.3 && engine.liveCalls().length < 40)
      await engine.callArrived({ callId: `CA${seed}-${i}`, queueId: rng.next() < 0.7 ? 'general' : 'orders', priority: rng.next() < 0.1 ? 10 : 0 });
    else if (r < 0.55 && rung) await engine.offerAnswered(engine.agentState(rung).offeredCallId!, rung);
    else if (r < 0.6 && rung) await engine.offerDeclined(engine.agentState(rung).offeredCallId!, rung);
    else if (r < 0.63 && rung) await engine.offerTimedOut(engine.agentState(rung).offeredCallId!);
    else if (r < 0.8 && talking) await engine.callEnded(engine.agentState(talking).callId!);
    else if (r < 0.85) {
      const wrapping = pick(inState('wrap-up'));
      if (wrapping) await engine.wrapUpDone(wrapping);
    } else if (r < 0.95) {
      const agent = pick(agents)!;
      const state = engine.agentState(agent).state;
      if (state === 'ready' || state === 'not-ready') await engine.setAgentState(agent, skills, state === 'ready' ? 'not-ready' : 'ready', 'break');
    } else {
      const waiting = [...engine.liveCalls()].filter((c) => c.status === 'waiting');
      const gone = pick(waiting);
      if (gone) await engine.callEnded(gone.callId);
    }
  }
}
