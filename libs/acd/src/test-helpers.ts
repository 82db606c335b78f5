/** Small helpers shared by the specs (not exported from the package index). */
import { AcdEngine, AcdEngineOptions } from './engine';
import { checkInvariants } from './invariants';
import type { AcdCommand, QueueConfig } from './types';

export class FakeClock {
  constructor(public t = Date.UTC(2026, 10, 23, 8, 0, 0)) {}
  now = (): number => this.t;
}

export function setup(queues: QueueConfig[], opts: Partial<AcdEngineOptions> = {}) {
  const clock = new FakeClock();
  const engine = new AcdEngine({ clock, queues, ...opts });
  /** Advance the clock by `seconds` and run due timers. */
  const advance = (seconds: number): AcdCommand[] => {
    clock.t += seconds * 1000;
    return engine.tick();
  };
  const ok = () => {
    const errors = checkInvariants(engine);
    if (errors.length) throw new Error(`invariants broken: ${errors.join('; ')}`);
  };
  return { clock, engine, advance, ok };
}

export function offers(cmds: AcdCommand[]) {
  return cmds.filter((c): c is Extract<AcdCommand, { type: 'offer' }> => c.type === 'offer');
}

export function ofType<T extends AcdCommand['type']>(cmds: AcdCommand[], type: T): Extract<AcdCommand, { type: T }>[] {
  return cmds.filter((c) => c.type === type) as Extract<AcdCommand, { type: T }>[];
}
