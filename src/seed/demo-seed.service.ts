import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, EntityManager } from 'typeorm';
import { ConfigVariables } from '../../config/config-variables';
import { PasswordHasher } from '../auth/password-hasher';
import { Staff } from '../auth/staff.entity';
import { APP_CLOCK, AppClock } from '../clock/app-clock';
import { TransactionRunner } from '../database/transaction-runner';
import { TerminalUnit } from '../organisation/terminal-unit.entity';
import { ScorecardFormVersion } from '../quality/scorecards/scorecard-form-version.entity';
import { ScorecardForm } from '../quality/scorecards/scorecard-form.entity';
import { AgentSkill } from '../routing/agent-skill.entity';
import { CallQueue } from '../routing/call-queue.entity';
import { Skill } from '../routing/skill.entity';
import { DEMO_SCORECARD, DEMO_SKILLS_AND_QUEUES, DEMO_STAFF, DEMO_UNITS } from './demo-site';
import { DEMO_ARTICLES, DEMO_DIRECTORY, DEMO_SCRIPTS } from './demo-knowledge';
import { addDays, siteDay, siteDayStart } from '../clock/site-day';
import { CallScript } from '../call-scripts/call-script.entity';
import { KnowledgeArticle } from '../knowledge/knowledge-article.entity';
import { articleDocument } from '../knowledge/indexed-knowledge-search';
import { SearchIndexService } from '../search/search-index.service';
import { KnowledgeArticleVersion } from '../knowledge/knowledge-article-version.entity';
import { SCRIPT_LANGUAGES, SCRIPT_SITUATIONS } from '../knowledge/knowledge-categories';

export interface SeedResult {
  created: { skills: number; queues: number; units: number; staff: number; agentSkills: number; scorecardForms: number; articles: number; scripts: number };
}

/**
 * Seeds the demo site. Idempotent: each row is keyed by its natural key (code, job number) and only
 * added when missing, all in one transaction. Never runs in production.
 */
@Injectable()
export class DemoSeedService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly config: ConfigVariables,
    private readonly logger: PinoLogger,
    private readonly searchIndex: SearchIndexService,
    @Inject(APP_CLOCK) private readonly clock: AppClock,
  ) {
    logger.setContext('seed');
  }

  /** First start on an empty database seeds the demo site — before the routing engine loads its queues. */
  async onModuleInit(): Promise<void> {
    if (!this.config.SEED_DEMO || (await this.db.getRepository(Staff).count()) > 0) return;
    await this.seed();
    this.logger.info({ signIns: this.signIns() }, 'Seeded the demo site');
  }

  async seed(): Promise<SeedResult> {
    if (this.config.NODE_ENV === 'production') throw new Error('Refusing to seed demo accounts in production (NODE_ENV=production)');
    const passwordHash = await this.hasher.hash(this.config.DEMO_PASSWORD);
    return this.tx.run((tx) => this.seedWith(tx, passwordHash));
  }

  /** The demo sign-ins, for the console and the README. */
  signIns(): { jobNumber: string; name: string; roles: string; password: string }[] {
    return DEMO_STAFF.map((s) => ({ jobNumber: s.jobNumber, name: s.name, roles: s.roles.join(','), password: this.config.DEMO_PASSWORD }));
  }

  private async seedWith(tx: EntityManager, passwordHash: string): Promise<SeedResult> {
    const created = { skills: 0, queues: 0, units: 0, staff: 0, agentSkills: 0, scorecardForms: 0, articles: 0, scripts: 0 };
    const skillIds = new Map<string, number>();
    for (const line of DEMO_SKILLS_AND_QUEUES) {
      let skill = await tx.findOneBy(Skill, { code: line.code });
      if (!skill) {
        skill = await tx.save(Skill, tx.create(Skill, { code: line.code, name: line.name }));
        created.skills++;
      }
      skillIds.set(line.code, skill.id);
      if (!(await tx.existsBy(CallQueue, { code: line.code }))) {
        await tx.save(CallQueue, tx.create(CallQueue, { code: line.code, name: line.name, menuKey: line.menuKey, skillId: skill.id }));
        created.queues++;
      }
    }
    const unitIds = new Map<string, number>();
    for (const unit of DEMO_UNITS) {
      let row = await tx.findOneBy(TerminalUnit, { code: unit.code });
      if (!row) {
        row = await tx.save(TerminalUnit, tx.create(TerminalUnit, { ...unit, dailyCapacity: unit.dailyCapacity ?? null, ...this.directoryEntry(unit.code) }));
        created.units++;
      } else if (row.phone === null && unit.code in DEMO_DIRECTORY) {
        // A demo site seeded before the directory existed gets its numbers.
        await tx.update(TerminalUnit, { id: row.id }, this.directoryEntry(unit.code));
      }
      unitIds.set(unit.code, row.id);
    }
    for (const person of DEMO_STAFF) {
      let staff = await tx.findOneBy(Staff, { jobNumber: person.jobNumber });
      if (!staff) {
        staff = await tx.save(
          Staff,
          tx.create(Staff, {
            jobNumber: person.jobNumber,
            name: person.name,
            roles: person.roles,
            passwordHash,
            unitId: person.unitCode ? unitIds.get(person.unitCode)! : null,
            active: true,
          }),
        );
        created.staff++;
      }
      for (const [code, level] of Object.entries(person.skills ?? {})) {
        const skillId = skillIds.get(code)!;
        if (!(await tx.existsBy(AgentSkill, { staffId: staff.id, skillId }))) {
          await tx.save(AgentSkill, tx.create(AgentSkill, { staffId: staff.id, skillId, level }));
          created.agentSkills++;
        }
      }
    }
    // The default QA form (质检评分表), keyed by its name, by the quality monitor.
    if (!(await tx.existsBy(ScorecardForm, { name: DEMO_SCORECARD.name }))) {
      const monitor = await tx.findOneByOrFail(Staff, { jobNumber: '3001' });
      const now = new Date(this.clock.now());
      const form = await tx.save(
        ScorecardForm,
        tx.create(ScorecardForm, {
          name: DEMO_SCORECARD.name,
          description: DEMO_SCORECARD.description,
          subjectTypes: DEMO_SCORECARD.subjectTypes,
          currentVersion: 1,
          retiredAt: null,
          createdById: monitor.id,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await tx.insert(ScorecardFormVersion, { formId: form.id, version: 1, sections: DEMO_SCORECARD.sections, createdById: monitor.id, createdAt: now });
      created.scorecardForms++;
    }
    created.articles = await this.seedArticles(tx);
    created.scripts = await this.seedScripts(tx);
    return { created };
  }

  /** A demo unit's directory entry, as the supervisor (2001) registered it when the site was seeded. */
  private directoryEntry(code: string): Partial<TerminalUnit> {
    const entry = DEMO_DIRECTORY[code];
    return entry ? { ...entry, updatedByJobNumber: '2001', updatedAt: new Date(this.clock.now()) } : {};
  }

  /** The knowledge base's demo articles, keyed by title, published by the supervisor; promotions dated from today (one runs next week). */
  private async seedArticles(tx: EntityManager): Promise<number> {
    const now = new Date(this.clock.now());
    const today = siteDay(now, this.config.SITE_UTC_OFFSET_MINUTES);
    const dayStart = (days: number) => siteDayStart(addDays(today, days), this.config.SITE_UTC_OFFSET_MINUTES);
    let added = 0;
    for (const a of DEMO_ARTICLES) {
      if (await tx.existsBy(KnowledgeArticle, { title: a.title })) continue;
      const content = {
        title: a.title,
        category: a.category,
        body: a.body,
        tags: a.tags,
        queues: a.queues,
        workOrderCategories: a.workOrderCategories,
        validFrom: a.startsInDays === undefined ? null : dayStart(a.startsInDays),
        validUntil: a.startsInDays === undefined ? null : dayStart(a.startsInDays + (a.runsDays ?? 1)),
      };
      const article = await tx.save(
        KnowledgeArticle,
        tx.create(KnowledgeArticle, {
          ...content,
          status: 'published',
          publishedVersion: 1,
          latestVersion: 1,
          createdAt: now,
          updatedAt: now,
          publishedAt: now,
        }),
      );
      await tx.insert(KnowledgeArticleVersion, {
        ...content,
        articleId: article.id,
        version: 1,
        changeNote: '初版 first version',
        changedByJobNumber: '2001',
        createdAt: now,
        publishedAt: now,
        publishedByJobNumber: '2001',
      });
      await this.searchIndex.add(tx, 'article', [articleDocument(article)]);
      added++;
    }
    return added;
  }

  /** A script (话术) for each queue and situation, in both languages. */
  private async seedScripts(tx: EntityManager): Promise<number> {
    const now = new Date(this.clock.now());
    let added = 0;
    for (const [queueCode, situations] of Object.entries(DEMO_SCRIPTS)) {
      for (const situation of SCRIPT_SITUATIONS) {
        for (const language of SCRIPT_LANGUAGES) {
          if (await tx.existsBy(CallScript, { queueCode, situation, language })) continue;
          await tx.insert(CallScript, { queueCode, situation, language, text: situations[situation][language], updatedByJobNumber: '2001', updatedAt: now });
          added++;
        }
      }
    }
    return added;
  }
}
