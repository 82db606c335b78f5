import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** QA scorecards (质检评分表): forms, their versions and evaluations; and the agent state-change log behind not-ready time by reason. */
export class Scorecards1764010000000 implements MigrationInterface {
  name = 'Scorecards1764010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        `CREATE TABLE \`agent_state_change\` (\`id\` int NOT NULL AUTO_INCREMENT, \`jobNumber\` varchar(16) NOT NULL, \`state\` varchar(16) NOT NULL, \`reason\` varchar(32) NULL, \`at\` datetime(3) NOT NULL, INDEX \`IDX_agent_state_change_at\` (\`at\`), INDEX \`IDX_agent_state_change_job_at\` (\`jobNumber\`, \`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`scorecard_form\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(100) NOT NULL, \`description\` text NULL, \`subjectTypes\` text NOT NULL, \`currentVersion\` int NOT NULL, \`retiredAt\` datetime(3) NULL, \`createdById\` int NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`scorecard_form_version\` (\`id\` int NOT NULL AUTO_INCREMENT, \`formId\` int NOT NULL, \`version\` int NOT NULL, \`sections\` text NOT NULL, \`createdById\` int NOT NULL, \`createdAt\` datetime(3) NOT NULL, UNIQUE INDEX \`UQ_scorecard_form_version\` (\`formId\`, \`version\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`scorecard_evaluation\` (\`id\` int NOT NULL AUTO_INCREMENT, \`formId\` int NOT NULL, \`formVersionId\` int NOT NULL, \`version\` int NOT NULL, \`subjectType\` varchar(16) NOT NULL, \`subjectId\` varchar(40) NOT NULL, \`agentJobNumber\` varchar(16) NOT NULL, \`monitorId\` int NOT NULL, \`monitorJobNumber\` varchar(16) NOT NULL, \`scores\` text NOT NULL, \`scorePct\` double NOT NULL, \`criticalFailed\` tinyint NOT NULL, \`comment\` text NULL, \`evaluatedAt\` datetime(3) NOT NULL, INDEX \`IDX_scorecard_evaluation_evaluated\` (\`evaluatedAt\`), INDEX \`IDX_scorecard_evaluation_agent\` (\`agentJobNumber\`, \`evaluatedAt\`), INDEX \`IDX_scorecard_evaluation_subject\` (\`subjectType\`, \`subjectId\`), UNIQUE INDEX \`UQ_scorecard_evaluation_monitor\` (\`formVersionId\`, \`subjectType\`, \`subjectId\`, \`monitorId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `ALTER TABLE \`scorecard_form\` ADD CONSTRAINT \`FK_12330633990fd3b89efc96139ac\` FOREIGN KEY (\`createdById\`) REFERENCES \`staff\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`scorecard_form_version\` ADD CONSTRAINT \`FK_a192ce88f04159048e2aa91461d\` FOREIGN KEY (\`formId\`) REFERENCES \`scorecard_form\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`scorecard_form_version\` ADD CONSTRAINT \`FK_31b3d6a5eac324790f1cda12786\` FOREIGN KEY (\`createdById\`) REFERENCES \`staff\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`scorecard_evaluation\` ADD CONSTRAINT \`FK_626b41705e4201be9deddb09e86\` FOREIGN KEY (\`formVersionId\`) REFERENCES \`scorecard_form_version\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`scorecard_evaluation\` ADD CONSTRAINT \`FK_025d61aa8cef3200fb38e5aea77\` FOREIGN KEY (\`monitorId\`) REFERENCES \`staff\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
      ],
      sqlite: [
        `CREATE TABLE "agent_state_change" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "jobNumber" varchar(16) NOT NULL, "state" varchar(16) NOT NULL, "reason" varchar(32), "at" datetime(3) NOT NULL)`,
        `CREATE INDEX "IDX_agent_state_change_at" ON "agent_state_change" ("at")`,
        `CREATE INDEX "IDX_agent_state_change_job_at" ON "agent_state_change" ("jobNumber", "at")`,
        `CREATE TABLE "scorecard_form" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "description" text, "subjectTypes" text NOT NULL, "currentVersion" integer NOT NULL, "retiredAt" datetime(3), "createdById" integer NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, CONSTRAINT "FK_12330633990fd3b89efc96139ac" FOREIGN KEY ("createdById") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
        `CREATE TABLE "scorecard_form_version" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "formId" integer NOT NULL, "version" integer NOT NULL, "sections" text NOT NULL, "createdById" integer NOT NULL, "createdAt" datetime(3) NOT NULL, CONSTRAINT "FK_a192ce88f04159048e2aa91461d" FOREIGN KEY ("formId") REFERENCES "scorecard_form" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_31b3d6a5eac324790f1cda12786" FOREIGN KEY ("createdById") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_scorecard_form_version" ON "scorecard_form_version" ("formId", "version")`,
        `CREATE TABLE "scorecard_evaluation" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "formId" integer NOT NULL, "formVersionId" integer NOT NULL, "version" integer NOT NULL, "subjectType" varchar(16) NOT NULL, "subjectId" varchar(40) NOT NULL, "agentJobNumber" varchar(16) NOT NULL, "monitorId" integer NOT NULL, "monitorJobNumber" varchar(16) NOT NULL, "scores" text NOT NULL, "scorePct" double NOT NULL, "criticalFailed" boolean NOT NULL, "comment" text, "evaluatedAt" datetime(3) NOT NULL, CONSTRAINT "FK_626b41705e4201be9deddb09e86" FOREIGN KEY ("formVersionId") REFERENCES "scorecard_form_version" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_025d61aa8cef3200fb38e5aea77" FOREIGN KEY ("monitorId") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_scorecard_evaluation_evaluated" ON "scorecard_evaluation" ("evaluatedAt")`,
        `CREATE INDEX "IDX_scorecard_evaluation_agent" ON "scorecard_evaluation" ("agentJobNumber", "evaluatedAt")`,
        `CREATE INDEX "IDX_scorecard_evaluation_subject" ON "scorecard_evaluation" ("subjectType", "subjectId")`,
        `CREATE UNIQUE INDEX "UQ_scorecard_evaluation_monitor" ON "scorecard_evaluation" ("formVersionId", "subjectType", "subjectId", "monitorId")`,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['scorecard_evaluation', 'scorecard_form_version', 'scorecard_form', 'agent_state_change'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
