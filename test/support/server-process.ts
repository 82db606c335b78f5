import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../config/load-config';
import { createApp } from '../../src/app';

/**
 * The real server in a child process (see startServerProcess): configured from its environment like
 * main.ts, listening on 127.0.0.1 (PORT, or a free port), which it reports to its parent over IPC.
 */
async function main(): Promise<void> {
  const app = await createApp(loadConfig());
  // PORT when given (a restart must come back where Twilio's webhooks point), else a free one.
  await app.listen(process.env.PORT ? Number(process.env.PORT) : 0, '127.0.0.1');
  process.send!({ port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error) => {
  process.stderr.write(`server process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
