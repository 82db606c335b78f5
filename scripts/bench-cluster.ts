import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';

import { join } from 'node:path';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';

/**
 * The parts a benchmark needs to run the site as several processes (docs/scale-out.md): a fresh
 * MariaDB database (two processes on one SQLite file is not a supported set-up), a Redis key prefix
 * of its own, a server process started as scripts/start-site.sh starts one, and a round-robin in
 * front of the processes for Twilio's webhooks.
 */

/** A database created for the run on the MariaDB server of `serverUrl`, dropped by `drop`. */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(serverUrl);
  const connect = () =>
    createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
  const admin = await connect();
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const conn = await connect();
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/** Deletes every Redis key under `prefix:` (the run's journal, lease and presence). */
export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Resident set size of a process on this machine (Linux /proc), in bytes; NaN once it is gone. */
export function rssOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface ServerChild {
  child: ChildProcess;
  baseUrl: string;
  health(): Promise<{ routing?: string } | undefined>;
  stop(): Promise<void>;
}

/**
 * `node dist/src/main.js` on `port` with `env` (undefined: unset) on top of this process's environment, as
 * scripts/start-site.sh starts each process; resolves once its /health answers.
 */
export async function startServerChild(port: number, env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<ServerChild> {
  const merged: Record<string, string | undefined> = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key]; // unset, not ''
  const child = spawn(process.execPath, [join(__dirname, '..', 'src', 'main.js')], {
    env: merged,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Never outlive the bench, whatever ends it (its time limit, an uncaught error).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const health = async () => {
    try {
      const res = await fetch(`${baseUrl}/health`);
      return res.ok ? ((await res.json()) as { routing?: string }) : undefined;
    } catch {
      return undefined;
    }
  };
  const until = Date.now() + timeoutMs;
  while (!(await health())) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server process on ${port} exited (${child.exitCode ?? child.signalCode}):\n${stderr}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server process on ${port} did not answer /health within ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child,
    baseUrl,
    health,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * HTTP round-robin on `port` over `upstreams` (as nginx's `upstream` in deploy/nginx/hotline.conf):
 * where Twilio's webhooks go, so each process takes its share of them. Plain requests only — the
 * bench's softphones connect to their process directly.
 */
export async function startRoundRobin(port: number, upstreams: string[]): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', upstreams[next++ % upstreams.length]);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return server;
}
