import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/**
 * The knowledge base (知识库: articles, their versions, ratings, suggested corrections, attachments), the
 * scripts (话术) per queue and situation, and the directory fields of terminal units (phone, hours,
 * responsible person) — manufacturers' service lines are terminal units of the manufacturer terminal.
 */
export class KnowledgeDirectory1764350000000 implements MigrationInterface {
  name = 'KnowledgeDirectory1764350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        `CREATE TABLE \`knowledge_article\` (\`id\` int NOT NULL AUTO_INCREMENT, \`title\` varchar(200) NOT NULL, \`category\` varchar(32) NOT NULL, \`body\` text NOT NULL, \`tags\` varchar(500) NOT NULL, \`queues\` varchar(500) NOT NULL, \`workOrderCategories\` varchar(500) NOT NULL, \`validFrom\` datetime(3) NULL, \`validUntil\` datetime(3) NULL, \`status\` varchar(16) NOT NULL, \`publishedVersion\` int NULL, \`latestVersion\` int NOT NULL, \`helpfulCount\` int NOT NULL DEFAULT '0', \`notHelpfulCount\` int NOT NULL DEFAULT '0', \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`publishedAt\` datetime(3) NULL, INDEX \`IDX_knowledge_article_status_valid\` (\`status\`, \`validFrom\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`knowledge_article_version\` (\`id\` int NOT NULL AUTO_INCREMENT, \`articleId\` int NOT NULL, \`version\` int NOT NULL, \`title\` varchar(200) NOT NULL, \`category\` varchar(32) NOT NULL, \`body\` text NOT NULL, \`tags\` varchar(500) NOT NULL, \`queues\` varchar(500) NOT NULL, \`workOrderCategories\` varchar(500) NOT NULL, \`validFrom\` datetime(3) NULL, \`validUntil\` datetime(3) NULL, \`changeNote\` varchar(500) NULL, \`changedByJobNumber\` varchar(16) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`publishedAt\` datetime(3) NULL, \`publishedByJobNumber\` varchar(16) NULL, UNIQUE INDEX \`UQ_knowledge_article_version\` (\`articleId\`, \`version\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`knowledge_correction\` (\`id\` int NOT NULL AUTO_INCREMENT, \`articleId\` int NOT NULL, \`articleVersion\` int NULL, \`text\` text NOT NULL, \`status\` varchar(16) NOT NULL, \`byJobNumber\` varchar(16) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`resolvedByJobNumber\` varchar(16) NULL, \`resolvedAt\` datetime(3) NULL, \`resolutionNote\` varchar(500) NULL, INDEX \`IDX_knowledge_correction_article\` (\`articleId\`, \`id\`), INDEX \`IDX_knowledge_correction_status\` (\`status\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`knowledge_attachment\` (\`id\` int NOT NULL AUTO_INCREMENT, \`articleId\` int NOT NULL, \`storedPath\` varchar(255) NOT NULL, \`originalName\` varchar(128) NOT NULL, \`contentType\` varchar(64) NOT NULL, \`sizeBytes\` int NOT NULL, \`sha256\` varchar(64) NOT NULL, \`uploadedByJobNumber\` varchar(16) NOT NULL, \`uploadedAt\` datetime(3) NOT NULL, INDEX \`IDX_knowledge_attachment_article\` (\`articleId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`knowledge_rating\` (\`id\` int NOT NULL AUTO_INCREMENT, \`articleId\` int NOT NULL, \`staffId\` int NOT NULL, \`helpful\` tinyint NOT NULL, \`at\` datetime(3) NOT NULL, UNIQUE INDEX \`UQ_knowledge_rating_staff\` (\`articleId\`, \`staffId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`call_script\` (\`id\` int NOT NULL AUTO_INCREMENT, \`queueCode\` varchar(32) NOT NULL, \`situation\` varchar(16) NOT NULL, \`language\` varchar(8) NOT NULL, \`text\` text NOT NULL, \`updatedByJobNumber\` varchar(16) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, UNIQUE INDEX \`UQ_call_script\` (\`queueCode\`, \`situation\`, \`language\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `ALTER TABLE \`terminal_unit\` ADD \`phone\` varchar(32) NULL`,
        `ALTER TABLE \`terminal_unit\` ADD \`hours\` varchar(64) NULL`,
        `ALTER TABLE \`terminal_unit\` ADD \`contactPerson\` varchar(64) NULL`,
        `ALTER TABLE \`terminal_unit\` ADD \`notes\` varchar(255) NULL`,
        `ALTER TABLE \`terminal_unit\` ADD \`updatedByJobNumber\` varchar(16) NULL`,
        `ALTER TABLE \`terminal_unit\` ADD \`updatedAt\` datetime(3) NULL`,
        `ALTER TABLE \`knowledge_article_version\` ADD CONSTRAINT \`FK_fbc8f6d9d33dc9a1b76a25cfb48\` FOREIGN KEY (\`articleId\`) REFERENCES \`knowledge_article\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`knowledge_correction\` ADD CONSTRAINT \`FK_1df763cec66e1faca57f98a1c7b\` FOREIGN KEY (\`articleId\`) REFERENCES \`knowledge_article\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`knowledge_attachment\` ADD CONSTRAINT \`FK_b49510aabad7d2d26ae8ee7166b\` FOREIGN KEY (\`articleId\`) REFERENCES \`knowledge_article\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`knowledge_rating\` ADD CONSTRAINT \`FK_77e2c796e1850f28103daded03c\` FOREIGN KEY (\`articleId\`) REFERENCES \`knowledge_article\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
      ],
      sqlite: [
        `CREATE TABLE "knowledge_article" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar(200) NOT NULL, "category" varchar(32) NOT NULL, "body" text NOT NULL, "tags" varchar(500) NOT NULL, "queues" varchar(500) NOT NULL, "workOrderCategories" varchar(500) NOT NULL, "validFrom" datetime(3), "validUntil" datetime(3), "status" varchar(16) NOT NULL, "publishedVersion" integer, "latestVersion" integer NOT NULL, "helpfulCount" integer NOT NULL DEFAULT (0), "notHelpfulCount" integer NOT NULL DEFAULT (0), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "publishedAt" datetime(3))`,
        `CREATE INDEX "IDX_knowledge_article_status_valid" ON "knowledge_article" ("status", "validFrom")`,
        `CREATE TABLE "knowledge_article_version" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "articleId" integer NOT NULL, "version" integer NOT NULL, "title" varchar(200) NOT NULL, "category" varchar(32) NOT NULL, "body" text NOT NULL, "tags" varchar(500) NOT NULL, "queues" varchar(500) NOT NULL, "workOrderCategories" varchar(500) NOT NULL, "validFrom" datetime(3), "validUntil" datetime(3), "changeNote" varchar(500), "changedByJobNumber" varchar(16) NOT NULL, "createdAt" datetime(3) NOT NULL, "publishedAt" datetime(3), "publishedByJobNumber" varchar(16), CONSTRAINT "FK_fbc8f6d9d33dc9a1b76a25cfb48" FOREIGN KEY ("articleId") REFERENCES "knowledge_article" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_knowledge_article_version" ON "knowledge_article_version" ("articleId", "version")`,
        `CREATE TABLE "knowledge_correction" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "articleId" integer NOT NULL, "articleVersion" integer, "text" text NOT NULL, "status" varchar(16) NOT NULL, "byJobNumber" varchar(16) NOT NULL, "createdAt" datetime(3) NOT NULL, "resolvedByJobNumber" varchar(16), "resolvedAt" datetime(3), "resolutionNote" varchar(500), CONSTRAINT "FK_1df763cec66e1faca57f98a1c7b" FOREIGN KEY ("articleId") REFERENCES "knowledge_article" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_knowledge_correction_article" ON "knowledge_correction" ("articleId", "id")`,
        `CREATE INDEX "IDX_knowledge_correction_status" ON "knowledge_correction" ("status", "id")`,
        `CREATE TABLE "knowledge_attachment" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "articleId" integer NOT NULL, "storedPath" varchar(255) NOT NULL, "originalName" varchar(128) NOT NULL, "contentType" varchar(64) NOT NULL, "sizeBytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "uploadedByJobNumber" varchar(16) NOT NULL, "uploadedAt" datetime(3) NOT NULL, CONSTRAINT "FK_b49510aabad7d2d26ae8ee7166b" FOREIGN KEY ("articleId") REFERENCES "knowledge_article" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_knowledge_attachment_article" ON "knowledge_attachment" ("articleId", "id")`,
        `CREATE TABLE "knowledge_rating" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "articleId" integer NOT NULL, "staffId" integer NOT NULL, "helpful" boolean NOT NULL, "at" datetime(3) NOT NULL, CONSTRAINT "FK_77e2c796e1850f28103daded03c" FOREIGN KEY ("articleId") REFERENCES "knowledge_article" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_knowledge_rating_staff" ON "knowledge_rating" ("articleId", "staffId")`,
        `CREATE TABLE "call_script" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "queueCode" varchar(32) NOT NULL, "situation" varchar(16) NOT NULL, "language" varchar(8) NOT NULL, "text" text NOT NULL, "updatedByJobNumber" varchar(16) NOT NULL, "updatedAt" datetime(3) NOT NULL)`,
        `CREATE UNIQUE INDEX "UQ_call_script" ON "call_script" ("queueCode", "situation", "language")`,
        `ALTER TABLE "terminal_unit" ADD COLUMN "phone" varchar(32)`,
        `ALTER TABLE "terminal_unit" ADD COLUMN "hours" varchar(64)`,
        `ALTER TABLE "terminal_unit" ADD COLUMN "contactPerson" varchar(64)`,
        `ALTER TABLE "terminal_unit" ADD COLUMN "notes" varchar(255)`,
        `ALTER TABLE "terminal_unit" ADD COLUMN "updatedByJobNumber" varchar(16)`,
        `ALTER TABLE "terminal_unit" ADD COLUMN "updatedAt" datetime(3)`,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'DROP TABLE `call_script`',
        'DROP TABLE `knowledge_rating`',
        'DROP TABLE `knowledge_attachment`',
        'DROP TABLE `knowledge_correction`',
        'DROP TABLE `knowledge_article_version`',
        'DROP TABLE `knowledge_article`',
        'ALTER TABLE `terminal_unit` DROP COLUMN `phone`, DROP COLUMN `hours`, DROP COLUMN `contactPerson`, DROP COLUMN `notes`, DROP COLUMN `updatedByJobNumber`, DROP COLUMN `updatedAt`',
      ],
      sqlite: [
        'DROP TABLE "call_script"',
        'DROP TABLE "knowledge_rating"',
        'DROP TABLE "knowledge_attachment"',
        'DROP TABLE "knowledge_correction"',
        'DROP TABLE "knowledge_article_version"',
        'DROP TABLE "knowledge_article"',
        'ALTER TABLE "terminal_unit" DROP COLUMN "phone"',
        'ALTER TABLE "terminal_unit" DROP COLUMN "hours"',
        'ALTER TABLE "terminal_unit" DROP COLUMN "contactPerson"',
        'ALTER TABLE "terminal_unit" DROP COLUMN "notes"',
        'ALTER TABLE "terminal_unit" DROP COLUMN "updatedByJobNumber"',
        'ALTER TABLE "terminal_unit" DROP COLUMN "updatedAt"',
      ],
    });
  }
}
