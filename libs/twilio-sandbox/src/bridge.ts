/** Two call legs talking to each other; ends once, when either side leaves. */
export class Bridge {
  readonly ended: Promise<string>;
  private resolveEnded!: (endedBySid: string) => void;
  private done = false;

  constructor(
    readonly a: string,
    readonly b: string,
    readonly startedAt: number,
  ) {
    this.ended = new Promise((r) => (this.resolveEnded = r));
  }

  get isEnded(): boolean {
    return this.done;
  }

  other(sid: string): string {
    return sid === this.a ? this.b : this.a;
  }

  end(bySid: string): void {
    if (this.done) return;
    this.done = true;
    this.resolveEnded(bySid);
  }
}
