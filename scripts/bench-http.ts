import { Agent, request } from 'node:http';

/** A body serialised before the clock starts: the load generator's JSON.stringify of a 2 MB import is not the server's cost. */
export class JsonText {
  constructor(readonly text: string) {}
}

export interface JsonClient {
  /** The parsed JSON answer; a non-2xx answer throws, naming the request and the status. */
  call<T = unknown>(token: string | null, method: string, path: string, body?: unknown): Promise<T>;
  close(): void;
}

/**
 * The benchmarks' HTTP client: node:http on kept-alive connections. On two cores the load generator
 * competes with the server it measures, and `fetch` (undici, with WHATWG streams) took about half
 * as much CPU per request as the server's own handling of a work-order creation.
 */
export function jsonClient(base: string, connections: number): JsonClient {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const origin = new URL(base);
  return {
    call: <T>(token: string | null, method: string, path: string, body?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const payload = body === undefined ? undefined : body instanceof JsonText ? body.text : JSON.stringify(body);
        const headers: Record<string, string> = { accept: 'application/json' };
        if (token) headers.authorization = `Bearer ${token}`;
        if (payload !== undefined) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = String(Buffer.byteLength(payload));
        }
        const req = request({ host: origin.hostname, port: origin.port, method, path, agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode! < 200 || res.statusCode! >= 300) reject(new Error(`${method} ${path} → ${res.statusCode} ${text}`));
            else resolve((text ? JSON.parse(text) : null) as T);
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}
