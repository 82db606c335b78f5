import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** PIPL: the audit of customers' personal-data exports and erasures. */
export class PersonalData1764060000001 implements MigrationInterface {
  name = 'PersonalData1764060000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'CREATE TABLE `personal_data_request` (`id` int NOT NULL AUTO_INCREMENT, `customerId` int NOT NULL, `action` varchar(16) NOT NULL, `actorJobNumber` varchar(16) NOT NULL, `at` datetime(3) NOT NULL, `reason` varchar(500) NULL, `summary` text NULL, INDEX `IDX_personal_data_request_customer` (`customerId`, `id`), INDEX `IDX_personal_data_request_at` (`at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'CREATE TABLE "personal_data_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "customerId" integer NOT NULL, "action" varchar(16) NOT NULL, "actorJobNumber" varchar(16) NOT NULL, "at" datetime(3) NOT NULL, "reason" varchar(500), "summary" text)',
        'CREATE INDEX "IDX_personal_data_request_customer" ON "personal_data_request" ("customerId", "id")',
        'CREATE INDEX "IDX_personal_data_request_at" ON "personal_data_request" ("at")',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, { mysql: ['DROP TABLE `personal_data_request`'], sqlite: ['DROP TABLE "personal_data_request"'] });
  }
}
