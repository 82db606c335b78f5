import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { connect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * The load balancer in front of several server processes, as nginx's `upstream` with
 * `proxy_next_upstream error timeout non_idempotent` (docs/scale-out.md): each request goes to the
 * next upstream in turn; one whose process is gone (connection refused or reset before it answered)
 * is tried on the next, so a killed process costs a retry, not a failed webhook. WebSocket upgrades
 * (socket.io) are passed through to the next upstream as raw TCP.
 */
export class RoundRobinProxy {
  private next = 0;
  private readonly sockets = new Set<Socket>();
  /** Requests tried again on another upstream after theirs failed. */
  retried = 0;
  /** Told of each request as it is sent to an upstream (a test kills a process while it handles one). */
  onForward?: (port: number, path: string) => void;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private upstreams: number[],
  ) {}

  static async start(upstreams: number[]): Promise<RoundRobinProxy> {
    const started: { proxy?: RoundRobinProxy } = {};
    const server = createServer((req, res) => started.proxy!.forward(req, res));
    server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => started.proxy!.tunnel(req, client, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    started.proxy = new RoundRobinProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, upstreams);
    return started.proxy;
  }

  setUpstreams(ports: number[]): void {
    this.upstreams = ports;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pick(): number {
    const port = this.upstreams[this.next % this.upstreams.length];
    this.next++;
    return port;
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    // Every upstream at most once, from the next in turn: one dead (or two) costs a retry, not a 502.
    const first = this.next++;
    const order = this.upstreams.map((_, i) => this.upstreams[(first + i) % this.upstreams.length]);
    req.on('end', () => this.attempt(req, res, Buffer.concat(chunks), order));
  }

  private attempt(req: IncomingMessage, res: ServerResponse, body: Buffer, order: number[]): void {
    const [port, ...rest] = order;
    this.onForward?.(port, req.url ?? '');
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (res.headersSent) return res.destroy();
      if (rest.length) {
        this.retried++;
        return this.attempt(req, res, body, rest);
      }
      res.writeHead(502).end();
    });
    upstream.end(body);
  }

  private tunnel(req: IncomingMessage, client: Socket, head: Buffer): void {
    const upstream = connect(this.pick(), '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    this.sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    upstream.on('error', drop).on('close', drop);
    client.on('error', drop).on('close', drop);
  }
}
