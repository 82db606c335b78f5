import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/load-config';
import { createApp } from './app';
import { DemoSeedService } from './seed/demo-seed.service';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  if (config.NODE_ENV !== 'production') {
    const url = `http://localhost:${config.PORT}`;
    const signIns = app.get(DemoSeedService).signIns();
    process.stdout.write(
      [
        '',
        `Hotline is running at ${url}  (API docs: ${url}/docs, health: ${url}/health)`,
        `Database: ${config.DATABASE_URL ? 'MySQL/MariaDB (DATABASE_URL)' : config.SQLITE_PATH + ' (embedded SQLite)'}`,
        `Demo sign-ins (password "${config.DEMO_PASSWORD}"):`,
        ...signIns.map((s) => `  ${s.jobNumber}  ${s.roles.padEnd(10)} ${s.name}`),
        '',
      ].join('\n') + '\n',
    );
  }
}

// One failed request must never take the server down; log what escaped and carry on.
process.on('unhandledRejection', (reason) => process.stderr.write(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`));

main().catch((error) => {
  process.stderr.write(`Hotline failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
