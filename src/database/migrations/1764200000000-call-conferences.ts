import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** Calls as conferences: the call's conference room, and the call's events (hold, consult, transfer, monitoring). */
export class CallConferences1764200000000 implements MigrationInterface {
  name = 'CallConferences1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        'ALTER TABLE `call_record` ADD `conferenceName` varchar(64) NULL',
        'CREATE TABLE `call_event` (`id` int NOT NULL AUTO_INCREMENT, `callSid` varchar(40) NOT NULL, `at` datetime(3) NOT NULL, `type` varchar(24) NOT NULL, `byJobNumber` varchar(16) NULL, `target` varchar(32) NULL, INDEX `IDX_call_event_call` (`callSid`, `at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
      ],
      sqlite: [
        'ALTER TABLE "call_record" ADD COLUMN "conferenceName" varchar(64)',
        'CREATE TABLE "call_event" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "callSid" varchar(40) NOT NULL, "at" datetime(3) NOT NULL, "type" varchar(24) NOT NULL, "byJobNumber" varchar(16), "target" varchar(32))',
        'CREATE INDEX "IDX_call_event_call" ON "call_event" ("callSid", "at")',
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP TABLE `call_event`', 'ALTER TABLE `call_record` DROP COLUMN `conferenceName`'],
      sqlite: ['DROP TABLE "call_event"', 'ALTER TABLE "call_record" DROP COLUMN "conferenceName"'],
    });
  }
}
