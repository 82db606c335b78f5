import 'reflect-metadata';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { DemoActivitySeedService } from '../src/seed/demo-activity-seed.service';
import { DemoSeedService } from '../src/seed/demo-seed.service';

/** `npm run seed`: adds whatever of the demo site is missing (idempotent), then prints the sign-ins. */
async function seed(): Promise<void> {
  const config = loadConfig({ ...process.env, SEED_DEMO: 'false', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const app = await createApp(config);
  await app.init();
  try {
    const seeder = app.get(DemoSeedService);
    const { created } = await seeder.seed();
    process.stdout.write(`Demo site seeded; added ${JSON.stringify(created)}\n`);
    const activity = await app.get(DemoActivitySeedService).seed();
    process.stdout.write(`Demo activity for the quality alerts; added ${JSON.stringify(activity)}\n`);
    for (const s of seeder.signIns()) process.stdout.write(`  ${s.jobNumber}  ${s.roles.padEnd(10)} ${s.name}  password: ${s.password}\n`);
  } finally {
    await app.close();
  }
}

seed().catch((error) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
