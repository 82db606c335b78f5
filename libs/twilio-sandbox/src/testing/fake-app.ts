import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { readBody } from '../http-util';
import { formDecode, WebhookParams } from '../signature';

export interface AppRequest {
  path: string;
  url: string;
  method: string;
  params: WebhookParams;
  signature: string;
  idempotencyToken: string;
  /** twilio.validateRequest's verdict on X-Twilio-Signature. */
  signatureValid: boolean;
}

export type AppHandler = (req: AppRequest) => string | { status: number; body?: string } | Promise<string | { status: number; body?: string }>;

/**
 * A stand-in for the Nest app in tests: a real HTTP server whose routes return TwiML, checking
 * every request's X-Twilio-Signature with the official `twilio.validateRequest`.
 */
export class FakeApp {
  readonly requests: AppRequest[] = [];
  private readonly routes = new Map<string, AppHandler>();
  private server?: Server;
  baseUrl = '';

  constructor(private readonly authToken: string) {}

  route(path: string, handler: AppHandler): this {
    this.routes.set(path, handler);
    return this;
  }

  requestsTo(path: string): AppRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** Records one request and answers it with its route's TwiML (404 without a route). */
  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = `${this.baseUrl}${req.url}`;
    const body = await readBody(req);
    const params = req.method === 'POST' ? formDecode(body) : {};
    const signature = String(req.headers['x-twilio-signature'] ?? '');
    const record: AppRequest = {
      path: new URL(url).pathname,
      url,
      method: req.method ?? 'GET',
      params: req.method === 'POST' ? params : Object.fromEntries(new URL(url).searchParams),
      signature,
      idempotencyToken: String(req.headers['i-twilio-idempotency-token'] ?? ''),
      signatureValid: twilio.validateRequest(this.authToken, signature, url, params as Record<string, string>),
    };
    this.requests.push(record);
    const handler = this.routes.get(record.path);
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const out = await handler(record);
    if (typeof out === 'string') {
      res.writeHead(200, { 'Content-Type': 'text/xml' }).end(out);
    } else {
      res.writeHead(out.status, { 'Content-Type': 'text/xml' }).end(out.body ?? '');
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
