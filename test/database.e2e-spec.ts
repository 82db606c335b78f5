import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { createApp } from '../src/app';
import { Staff } from '../src/auth/staff.entity';
import { migrations } from '../src/database/migrations';
import { TerminalUnit } from '../src/organisation/terminal-unit.entity';
import { AgentSkill } from '../src/routing/agent-skill.entity';
import { CallQueue } from '../src/routing/call-queue.entity';
import { ScorecardForm } from '../src/quality/scorecards/scorecard-form.entity';
import { Skill } from '../src/routing/skill.entity';
import { DemoSeedService } from '../src/seed/demo-seed.service';
import { createTestDatabase } from './support/test-database';
import { PRODUCTION_SANDBOX } from './support/production-env';

describe('database: migrations and the demo seed (e2e, on the engine under test)', () => {
  it('migrates an empty database to exactly the entities’ schema, and back down to empty', async () => {
    const db = await createTestDatabase();
    // The whole application, so every entity any module registers is compared — not a hand-kept list.
    const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...db.env }));
    try {
      await app.init();
      const source = app.get(DataSource);
      const applied = await source.query(`SELECT name FROM migrations ORDER BY id`);
      expect(applied.map((m: { name: string }) => m.name)).toEqual(migrations.map((m) => new m().name));
      // The schema the migrations built is the one the entities describe: nothing left to synchronize.
      const pending = await source.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await source.showMigrations()).toBe(false);
      for (let i = 0; i < migrations.length; i++) await source.undoLastMigration();
      const tables = await source.createQueryRunner().getTables(source.entityMetadatas.map((m) => m.tableName));
      expect(tables).toEqual([]);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('seeds the demo site on first start, and seeding again adds nothing', async () => {
    const db = await createTestDatabase();
    const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'true', ...db.env }));
    try {
      await app.init();
      const source = app.get(DataSource);
      const counts = async () => ({
        staff: await source.getRepository(Staff).count(),
        queues: await source.getRepository(CallQueue).count(),
        skills: await source.getRepository(Skill).count(),
        units: await source.getRepository(TerminalUnit).count(),
        agentSkills: await source.getRepository(AgentSkill).count(),
        scorecardForms: await source.getRepository(ScorecardForm).count(),
      });
      const first = await counts();
      expect(first).toMatchObject({ staff: 14, queues: 6, skills: 6, scorecardForms: 1 });
      const jobNumbers = (await source.getRepository(Staff).find()).map((s) => s.jobNumber).sort();
      expect(jobNumbers).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009', '1010', '2001', '3001', '4001', '9001']);
      const again = await app.get(DemoSeedService).seed();
      expect(again.created).toEqual({ skills: 0, queues: 0, units: 0, staff: 0, agentSkills: 0, scorecardForms: 0, articles: 0, scripts: 0 });
      expect(await counts()).toEqual(first);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('restores a partly deleted demo site without duplicating the rest', async () => {
    const db = await createTestDatabase();
    const app = await createApp(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'true', ...db.env }));
    try {
      await app.init();
      const staff = app.get(DataSource).getRepository(Staff);
      await staff.delete({ jobNumber: '1007' });
      const again = await app.get(DemoSeedService).seed();
      expect(again.created).toEqual({ skills: 0, queues: 0, units: 0, staff: 1, agentSkills: 2, scorecardForms: 0, articles: 0, scripts: 0 });
      expect(await staff.count()).toBe(14);
    } finally {
      await app.close();
      await db.drop();
    }
  });

  it('never seeds demo accounts in production', async () => {
    const db = await createTestDatabase();
    const app = await createApp(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), ...PRODUCTION_SANDBOX, LOG_LEVEL: 'silent', ...db.env }));
    try {
      await app.init();
      expect(await app.get(DataSource).getRepository(Staff).count()).toBe(0);
      await expect(app.get(DemoSeedService).seed()).rejects.toThrow(/Refusing to seed demo accounts in production/);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
