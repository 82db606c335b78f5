/**
 * Writes the server's OpenAPI document (GET /docs/openapi.json of the built app) to a file, for
 * `npm run api:types`, which turns it into the pages' types (web/src/services/api-types.ts) with
 * openapi-typescript. Run after `nest build`: the Swagger CLI plugin (nest-cli.json) adds the DTOs'
 * property schemas at compile time, so only the built app's document is complete.
 */
import 'reflect-metadata';
import { rmSync, writeFileSync } from 'node:fs';
import { startBenchServer } from './bench-server';

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'dist/openapi.json';
  const server = await startBenchServer('openapi', () => undefined, { API_DOCS: 'true', SEED_DEMO: 'false' });
  try {
    const response = await fetch(`${server.baseUrl}/docs/openapi.json`);
    if (!response.ok) throw new Error(`GET /docs/openapi.json: ${response.status}`);
    writeFileSync(out, JSON.stringify(await response.json(), null, 2));
    console.log(`Wrote ${out}`);
  } finally {
    await server.app.close();
    if (server.tempDir) rmSync(server.tempDir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
