import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** Staff and sign-in, terminal units, skills, queues and agents' skills. */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        `CREATE TABLE \`terminal_unit\` (\`id\` int NOT NULL AUTO_INCREMENT, \`code\` varchar(32) NOT NULL, \`name\` varchar(128) NOT NULL, \`terminal\` varchar(24) NOT NULL, \`city\` varchar(64) NULL, \`dailyCapacity\` int NULL, UNIQUE INDEX \`IDX_567157da50d2a0063c26494b0e\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`staff\` (\`id\` int NOT NULL AUTO_INCREMENT, \`jobNumber\` varchar(16) NOT NULL, \`name\` varchar(64) NOT NULL, \`roles\` text NOT NULL, \`passwordHash\` varchar(255) NOT NULL, \`unitId\` int NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`IDX_79a3934a3e6f4dc66619c5fbfb\` (\`jobNumber\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`skill\` (\`id\` int NOT NULL AUTO_INCREMENT, \`code\` varchar(32) NOT NULL, \`name\` varchar(64) NOT NULL, UNIQUE INDEX \`IDX_76f3690168057e3c1bd3da8a4e\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`call_queue\` (\`id\` int NOT NULL AUTO_INCREMENT, \`code\` varchar(32) NOT NULL, \`name\` varchar(64) NOT NULL, \`menuKey\` varchar(1) NULL, \`skillId\` int NOT NULL, \`strategy\` varchar(24) NOT NULL DEFAULT 'longest-idle', \`wrapUpSeconds\` int NOT NULL DEFAULT '30', \`maxWaitSeconds\` int NOT NULL DEFAULT '600', \`overflowQueueId\` int NULL, \`overflowAfterSeconds\` int NULL, \`serviceLevelSeconds\` int NOT NULL DEFAULT '20', \`joinWhenNoAgents\` tinyint NOT NULL DEFAULT 1, UNIQUE INDEX \`IDX_1aa438d58873f74437c46d39a4\` (\`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`agent_skill\` (\`id\` int NOT NULL AUTO_INCREMENT, \`staffId\` int NOT NULL, \`skillId\` int NOT NULL, \`level\` int NOT NULL, UNIQUE INDEX \`UQ_agent_skill_staff_skill\` (\`staffId\`, \`skillId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `ALTER TABLE \`staff\` ADD CONSTRAINT \`FK_7381361d5a8d5127bd5ce98f8ac\` FOREIGN KEY (\`unitId\`) REFERENCES \`terminal_unit\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
        `ALTER TABLE \`call_queue\` ADD CONSTRAINT \`FK_38f2ae0a0e14d35d0732888f84c\` FOREIGN KEY (\`skillId\`) REFERENCES \`skill\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`agent_skill\` ADD CONSTRAINT \`FK_b628561b32c1f67bcc9ce391c2f\` FOREIGN KEY (\`staffId\`) REFERENCES \`staff\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`agent_skill\` ADD CONSTRAINT \`FK_ed2ebebdd28493c5df50e7c6df1\` FOREIGN KEY (\`skillId\`) REFERENCES \`skill\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
      ],
      sqlite: [
        `CREATE TABLE "terminal_unit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(128) NOT NULL, "terminal" varchar(24) NOT NULL, "city" varchar(64), "dailyCapacity" integer, CONSTRAINT "UQ_567157da50d2a0063c26494b0ea" UNIQUE ("code"))`,
        `CREATE TABLE "staff" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "jobNumber" varchar(16) NOT NULL, "name" varchar(64) NOT NULL, "roles" text NOT NULL, "passwordHash" varchar(255) NOT NULL, "unitId" integer, "active" boolean NOT NULL DEFAULT (1), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_79a3934a3e6f4dc66619c5fbfba" UNIQUE ("jobNumber"), CONSTRAINT "FK_7381361d5a8d5127bd5ce98f8ac" FOREIGN KEY ("unitId") REFERENCES "terminal_unit" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
        `CREATE TABLE "skill" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(64) NOT NULL, CONSTRAINT "UQ_76f3690168057e3c1bd3da8a4e4" UNIQUE ("code"))`,
        `CREATE TABLE "call_queue" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(32) NOT NULL, "name" varchar(64) NOT NULL, "menuKey" varchar(1), "skillId" integer NOT NULL, "strategy" varchar(24) NOT NULL DEFAULT ('longest-idle'), "wrapUpSeconds" integer NOT NULL DEFAULT (30), "maxWaitSeconds" integer NOT NULL DEFAULT (600), "overflowQueueId" integer, "overflowAfterSeconds" integer, "serviceLevelSeconds" integer NOT NULL DEFAULT (20), "joinWhenNoAgents" boolean NOT NULL DEFAULT (1), CONSTRAINT "UQ_1aa438d58873f74437c46d39a4a" UNIQUE ("code"), CONSTRAINT "FK_38f2ae0a0e14d35d0732888f84c" FOREIGN KEY ("skillId") REFERENCES "skill" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
        `CREATE TABLE "agent_skill" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" integer NOT NULL, "skillId" integer NOT NULL, "level" integer NOT NULL, CONSTRAINT "FK_b628561b32c1f67bcc9ce391c2f" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_ed2ebebdd28493c5df50e7c6df1" FOREIGN KEY ("skillId") REFERENCES "skill" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_agent_skill_staff_skill" ON "agent_skill" ("staffId", "skillId") `,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['agent_skill', 'call_queue', 'skill', 'staff', 'terminal_unit']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
