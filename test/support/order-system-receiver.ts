import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../src/outbox/webhook-signature';

/** One POST the receiver took, as the order system would apply it. */
export interface ReceivedChange {
  idempotencyKey: string;
  topic: string;
  key: string;
  payload: Record<string, unknown>;
}

/**
 * A stand-in for the order system's webhook endpoint in tests: checks the signature, applies each
 * `Idempotency-Key` once (a repeat is answered 200 and counted, not applied), and can be "down"
 * (503) or refuse chosen keys (422) on demand.
 */
export class OrderSystemReceiver {
  /** Changes applied, in order; one per key. */
  readonly applied: ReceivedChange[] = [];
  /** Every POST by key, repeats included. */
  readonly posts = new Map<string, number>();
  badSignatures = 0;
  down = false;
  /** Take requests and never answer them (a receiver that hangs): the sender's delivery stays in flight. */
  hang = false;
  /** Requests taken while hanging, by key. */
  readonly hung: string[] = [];
  refuse: (change: ReceivedChange) => boolean = () => false;
  private server?: Server;

  constructor(private readonly secret: string) {}

  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      if (this.hang) {
        this.hung.push(String(req.headers['idempotency-key']));
        return;
      }
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hotline-changes`;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Applied changes of a topic. */
  ofTopic(topic: string): ReceivedChange[] {
    return this.applied.filter((c) => c.topic === topic);
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    if (this.down) return { status: 503, body: { error: 'order system under maintenance' } };
    if (!verifyWebhook(this.secret, raw, req.headers['x-hotline-signature'] as string | undefined, Math.floor(Date.now() / 1000), 10 * 365 * 86400)) {
      this.badSignatures++;
      return { status: 401, body: { error: 'bad signature' } };
    }
    const body = JSON.parse(raw) as { topic: string; key: string; payload: Record<string, unknown> };
    const idempotencyKey = String(req.headers['idempotency-key']);
    const change = { idempotencyKey, topic: body.topic, key: body.key, payload: body.payload };
    this.posts.set(idempotencyKey, (this.posts.get(idempotencyKey) ?? 0) + 1);
    if (this.refuse(change)) return { status: 422, body: { error: `order ${body.key} unknown` } };
    if (!this.applied.some((c) => c.idempotencyKey === idempotencyKey)) this.applied.push(change);
    return { status: 200, body: { ok: true } };
  }
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
