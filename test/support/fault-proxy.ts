import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP proxy between the application and its database that cuts the database the ways a network
 * does (the fault campaign of 2026-12-06 used one):
 *
 * - `blackhole()` — connections stay open, and everything sent either way is dropped: a stalled
 *   database, or a partition. New connections are accepted but go nowhere. A close seen during the
 *   cut reaches the other side only on `restore()`, as a FIN retransmitted after a partition heals.
 * - `reset()` — every open connection is reset (RST) at once; new ones pass: a database restart.
 * - `refuse()` — open connections are reset and new ones refused (ECONNREFUSED): the database is down.
 * - `restore()` — back to passing everything; connections accepted during a blackhole are then
 *   joined to the database, which greets them as new.
 */
export class FaultProxy {
  private mode: 'pass' | 'blackhole' | 'refuse' = 'pass';
  private readonly pairs = new Set<Pair>();

  private constructor(
    private server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const server = createServer((client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, (server.address() as AddressInfo).port, target);
    return proxy;
  }

  /** How many client connections are open through the proxy. */
  get connections(): number {
    return this.pairs.size;
  }

  blackhole(): void {
    this.mode = 'blackhole';
  }

  reset(): void {
    for (const pair of [...this.pairs]) this.drop(pair);
  }

  async refuse(): Promise<void> {
    this.mode = 'refuse';
    // close() stops accepting at once but calls back only when the open connections are gone.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.reset();
    await closed;
  }

  async restore(): Promise<void> {
    if (this.mode === 'refuse') {
      this.server = createServer((client) => this.accept(client));
      await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    }
    this.mode = 'pass';
    for (const pair of [...this.pairs]) {
      if (pair.clientClosed || pair.upstreamClosed) this.drop(pair, false);
      else if (!pair.upstream) this.join(pair);
    }
  }

  async close(): Promise<void> {
    if (this.mode === 'refuse') return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.reset();
    await closed;
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, clientClosed: false, upstreamClosed: false };
    this.pairs.add(pair);
    client.setNoDelay(true);
    client.on('error', () => undefined);
    client.on('data', (data) => {
      if (this.mode === 'pass') pair.upstream?.write(data);
    });
    client.on('close', () => {
      pair.clientClosed = true;
      if (this.mode !== 'blackhole') this.drop(pair, false);
    });
    if (this.mode === 'pass') this.join(pair);
  }

  private join(pair: Pair): void {
    const upstream = connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('error', () => undefined);
    upstream.on('data', (data) => {
      if (this.mode === 'pass') pair.client.write(data);
    });
    upstream.on('close', () => {
      pair.upstreamClosed = true;
      if (this.mode !== 'blackhole') this.drop(pair, false);
    });
  }

  /** Closes both sides: with RST (a reset), or plainly (passing on the other side's close). */
  private drop(pair: Pair, reset = true): void {
    this.pairs.delete(pair);
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket || socket.destroyed) continue;
      if (reset) socket.resetAndDestroy();
      else socket.destroy();
    }
  }
}

interface Pair {
  client: Socket;
  upstream?: Socket;
  clientClosed: boolean;
  upstreamClosed: boolean;
}
