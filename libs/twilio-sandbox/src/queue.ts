/**
 * Twilio Queue resource state: named FIFO of calls, created on demand by <Enqueue> with a default
 * max size of 1000 (TwiML <Enqueue> docs), or via POST /Queues.json.
 */
export const DEFAULT_QUEUE_MAX_SIZE = 1000;

export interface QueueMember {
  callSid: string;
  enqueuedAt: number;
}

export class SandboxQueue {
  readonly members: QueueMember[] = [];
  readonly dateCreated: number;
  dateUpdated: number;
  /** Wait times (ms) of calls that already left, for average_wait_time / AvgQueueTime. */
  private readonly completedWaits: number[] = [];
  private readonly joinListeners = new Set<() => void>();

  constructor(
    readonly sid: string,
    public friendlyName: string,
    public maxSize: number,
    now: number,
  ) {
    this.dateCreated = now;
    this.dateUpdated = now;
  }

  get size(): number {
    return this.members.length;
  }

  get full(): boolean {
    return this.members.length >= this.maxSize;
  }

  add(callSid: string, now: number): QueueMember {
    const member = { callSid, enqueuedAt: now };
    this.members.push(member);
    this.dateUpdated = now;
    for (const l of [...this.joinListeners]) l();
    return member;
  }

  remove(callSid: string, now: number): QueueMember | undefined {
    const i = this.members.findIndex((m) => m.callSid === callSid);
    if (i < 0) return undefined;
    const [m] = this.members.splice(i, 1);
    this.completedWaits.push(now - m.enqueuedAt);
    if (this.completedWaits.length > 100) this.completedWaits.shift();
    this.dateUpdated = now;
    return m;
  }

  /** 1-based position, as QueuePosition / the member resource `position`. */
  position(callSid: string): number {
    return this.members.findIndex((m) => m.callSid === callSid) + 1;
  }

  member(callSid: string): QueueMember | undefined {
    return this.members.find((m) => m.callSid === callSid);
  }

  /** Average wait in whole seconds of the calls currently waiting and recently dequeued. */
  averageWaitSeconds(now: number): number {
    const waits = [...this.completedWaits, ...this.members.map((m) => now - m.enqueuedAt)];
    if (waits.length === 0) return 0;
    return Math.round(waits.reduce((a, b) => a + b, 0) / waits.length / 1000);
  }

  onJoin(listener: () => void): () => void {
    this.joinListeners.add(listener);
    return () => this.joinListeners.delete(listener);
  }
}
