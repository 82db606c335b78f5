import { Bridge } from '../bridge';
import { SandboxCall } from '../call';
import { DocSource, ExecutorHost } from '../execution';
import { TwimlNode } from '../twiml';
import { HttpMethod } from '../webhooks';

/** Where a verb runs: a call's own document, an <Enqueue> waitUrl, or a <Queue url> announcement. */
export type VerbMode = 'main' | 'wait' | 'announce';

export interface PendingDequeue {
  dialer: SandboxCall;
  url?: string;
  method: HttpMethod;
  resolve: (b: Bridge) => void;
  reject: (e: unknown) => void;
}

/** Digit sink for the verb currently listening (Gather or Record). */
export interface DigitListener {
  onDigit(d: string): void;
}

/** What a verb may use of the call's runner: its host, its call, and the state verbs share. */
export interface VerbContext {
  readonly host: ExecutorHost;
  readonly call: SandboxCall;
  /** The verb listening to the caller's keys (Gather, Record). */
  listener?: DigitListener;
  /** Aborts the <Enqueue> hold loop while the call waits in a queue. */
  queueWait?: AbortController;
  /** A <Dial><Queue> that is taking this call out of its queue. */
  pendingDequeue?: PendingDequeue;
  runDocument(source: DocSource, signal: AbortSignal, mode: VerbMode): Promise<DocSource | undefined>;
  resolveUrl(rel: string, docUrl: string | undefined): string;
  pressDigits(digits: string): void;
}

/** One TwiML verb: runs it and returns the next document, if the verb moves the call on. */
export type VerbHandler = (
  ctx: VerbContext,
  verb: TwimlNode,
  docUrl: string | undefined,
  signal: AbortSignal,
  mode: VerbMode,
) => DocSource | undefined | Promise<DocSource | undefined>;
