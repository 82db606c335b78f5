import type { Clock } from '@hotline/acd';

/** The routing engine's clock; tests substitute a controllable one. */
export const ROUTING_CLOCK = Symbol('ROUTING_CLOCK');
export const systemClock: Clock = { now: () => Date.now() };
