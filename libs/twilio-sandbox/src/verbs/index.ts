import { dialVerb } from './dial';
import { enqueueVerb } from './enqueue';
import { gatherVerb } from './gather';
import { hangupVerb } from './hangup';
import { leaveVerb } from './leave';
import { pauseVerb } from './pause';
import { playVerb } from './play';
import { recordVerb } from './record';
import { redirectVerb } from './redirect';
import { rejectVerb } from './reject';
import { sayVerb } from './say';
import { VerbHandler, VerbMode } from './verb';

/** The TwiML verbs the sandbox emulates, by element name. */
export const VERBS: Readonly<Record<string, VerbHandler>> = {
  Say: sayVerb,
  Play: playVerb,
  Pause: pauseVerb,
  Gather: gatherVerb,
  Redirect: redirectVerb,
  Hangup: hangupVerb,
  Reject: rejectVerb,
  Leave: leaveVerb,
  Enqueue: enqueueVerb,
  Dial: dialVerb,
  Record: recordVerb,
};

/** Verbs allowed outside a call's own document; others are skipped with a warning. */
export const ALLOWED_VERBS: Record<Exclude<VerbMode, 'main'>, ReadonlySet<string>> = {
  // <Enqueue> waitUrl docs: Play, Say, Pause, Hangup, Redirect, Leave, Gather.
  wait: new Set(['Play', 'Say', 'Pause', 'Hangup', 'Redirect', 'Leave', 'Gather']),
  // <Queue url> docs: Play, Say, Pause, Redirect.
  announce: new Set(['Play', 'Say', 'Pause', 'Redirect']),
};

export type { VerbContext, VerbHandler, VerbMode } from './verb';
