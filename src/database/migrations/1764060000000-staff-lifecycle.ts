import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** Staff lifecycle: the token version every access token carries, and the audit of account changes. */
export class StaffLifecycle1764060000000 implements MigrationInterface {
  name = 'StaffLifecycle1764060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'ALTER TABLE `staff` ADD `tokenVersion` int NOT NULL DEFAULT 0',
        'CREATE TABLE `staff_audit` (`id` int NOT NULL AUTO_INCREMENT, `action` varchar(24) NOT NULL, `subjectJobNumber` varchar(16) NOT NULL, `actorJobNumber` varchar(16) NOT NULL, `at` datetime(3) NOT NULL, `before` text NULL, `after` text NULL, `reason` varchar(500) NULL, INDEX `IDX_staff_audit_subject` (`subjectJobNumber`, `id`), INDEX `IDX_staff_audit_at` (`at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'ALTER TABLE "staff" ADD COLUMN "tokenVersion" integer NOT NULL DEFAULT (0)',
        'CREATE TABLE "staff_audit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "action" varchar(24) NOT NULL, "subjectJobNumber" varchar(16) NOT NULL, "actorJobNumber" varchar(16) NOT NULL, "at" datetime(3) NOT NULL, "before" text, "after" text, "reason" varchar(500))',
        'CREATE INDEX "IDX_staff_audit_subject" ON "staff_audit" ("subjectJobNumber", "id")',
        'CREATE INDEX "IDX_staff_audit_at" ON "staff_audit" ("at")',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP TABLE `staff_audit`', 'ALTER TABLE `staff` DROP COLUMN `tokenVersion`'],
      sqlite: ['DROP TABLE "staff_audit"', 'ALTER TABLE "staff" DROP COLUMN "tokenVersion"'],
    });
  }
}
