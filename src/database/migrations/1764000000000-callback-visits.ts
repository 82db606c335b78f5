import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/**
 * Quality: callback visits (回访) after each close of a work order and their attempts, random spot
 * checks (抽查) of closed orders, and the audit of unmasked customer phone numbers.
 */
export class CallbackVisits1764000000000 implements MigrationInterface {
  name = 'CallbackVisits1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        `CREATE TABLE \`callback_visit\` (\`id\` int NOT NULL AUTO_INCREMENT, \`closeAuditId\` int NOT NULL, \`workOrderId\` int NOT NULL, \`workOrderNumber\` varchar(24) NOT NULL, \`closedAt\` datetime(3) NOT NULL, \`dueAt\` datetime(3) NOT NULL, \`status\` varchar(16) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`lastAttemptAt\` datetime(3) NULL, \`satisfaction\` int NULL, \`solved\` tinyint NULL, \`dissatisfied\` tinyint NOT NULL DEFAULT 0, \`comments\` text NULL, \`resultCallSid\` varchar(40) NULL, \`completedAt\` datetime(3) NULL, \`completedById\` int NULL, \`completedByJobNumber\` varchar(16) NULL, \`createdAt\` datetime(3) NOT NULL, UNIQUE INDEX \`UQ_callback_visit_close_audit\` (\`closeAuditId\`), INDEX \`IDX_callback_visit_order\` (\`workOrderId\`, \`id\`), INDEX \`IDX_callback_visit_status_due\` (\`status\`, \`dueAt\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`callback_attempt\` (\`id\` int NOT NULL AUTO_INCREMENT, \`visitId\` int NOT NULL, \`number\` int NOT NULL, \`callSid\` varchar(40) NULL, \`outcome\` varchar(16) NULL, \`note\` text NULL, \`byId\` int NOT NULL, \`byJobNumber\` varchar(16) NOT NULL, \`startedAt\` datetime(3) NOT NULL, \`endedAt\` datetime(3) NULL, UNIQUE INDEX \`UQ_callback_attempt_visit_number\` (\`visitId\`, \`number\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`quality_phone_view\` (\`id\` int NOT NULL AUTO_INCREMENT, \`staffId\` int NOT NULL, \`staffJobNumber\` varchar(16) NOT NULL, \`workOrderId\` int NOT NULL, \`workOrderNumber\` varchar(24) NOT NULL, \`context\` varchar(16) NOT NULL, \`subjectId\` int NOT NULL, \`at\` datetime(3) NOT NULL, INDEX \`IDX_quality_phone_view_staff\` (\`staffJobNumber\`, \`id\`), INDEX \`IDX_quality_phone_view_order\` (\`workOrderNumber\`, \`id\`), INDEX \`IDX_quality_phone_view_at\` (\`at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`spot_check\` (\`id\` int NOT NULL AUTO_INCREMENT, \`workOrderId\` int NOT NULL, \`workOrderNumber\` varchar(24) NOT NULL, \`siteDay\` varchar(10) NOT NULL, \`terminal\` varchar(24) NOT NULL, \`closedAt\` datetime(3) NOT NULL, \`status\` varchar(8) NOT NULL, \`evaluationId\` int NULL, \`note\` text NULL, \`completedAt\` datetime(3) NULL, \`completedById\` int NULL, \`completedByJobNumber\` varchar(16) NULL, \`createdAt\` datetime(3) NOT NULL, INDEX \`IDX_spot_check_status\` (\`status\`, \`id\`), INDEX \`IDX_spot_check_day_terminal\` (\`siteDay\`, \`terminal\`), UNIQUE INDEX \`UQ_spot_check_order_day\` (\`workOrderId\`, \`siteDay\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `ALTER TABLE \`callback_visit\` ADD CONSTRAINT \`FK_f208e962133901be2336b054336\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`callback_attempt\` ADD CONSTRAINT \`FK_f665cb1fa2883a2fae33887c141\` FOREIGN KEY (\`visitId\`) REFERENCES \`callback_visit\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`spot_check\` ADD CONSTRAINT \`FK_3d48b07357dd1374ea8e73a4481\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
      ],
      sqlite: [
        `CREATE TABLE "callback_visit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "closeAuditId" integer NOT NULL, "workOrderId" integer NOT NULL, "workOrderNumber" varchar(24) NOT NULL, "closedAt" datetime(3) NOT NULL, "dueAt" datetime(3) NOT NULL, "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "lastAttemptAt" datetime(3), "satisfaction" integer, "solved" boolean, "dissatisfied" boolean NOT NULL DEFAULT (0), "comments" text, "resultCallSid" varchar(40), "completedAt" datetime(3), "completedById" integer, "completedByJobNumber" varchar(16), "createdAt" datetime(3) NOT NULL, CONSTRAINT "FK_f208e962133901be2336b054336" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_callback_visit_close_audit" ON "callback_visit" ("closeAuditId")`,
        `CREATE INDEX "IDX_callback_visit_order" ON "callback_visit" ("workOrderId", "id")`,
        `CREATE INDEX "IDX_callback_visit_status_due" ON "callback_visit" ("status", "dueAt", "id")`,
        `CREATE TABLE "callback_attempt" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "visitId" integer NOT NULL, "number" integer NOT NULL, "callSid" varchar(40), "outcome" varchar(16), "note" text, "byId" integer NOT NULL, "byJobNumber" varchar(16) NOT NULL, "startedAt" datetime(3) NOT NULL, "endedAt" datetime(3), CONSTRAINT "FK_f665cb1fa2883a2fae33887c141" FOREIGN KEY ("visitId") REFERENCES "callback_visit" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_callback_attempt_visit_number" ON "callback_attempt" ("visitId", "number")`,
        `CREATE TABLE "quality_phone_view" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" integer NOT NULL, "staffJobNumber" varchar(16) NOT NULL, "workOrderId" integer NOT NULL, "workOrderNumber" varchar(24) NOT NULL, "context" varchar(16) NOT NULL, "subjectId" integer NOT NULL, "at" datetime(3) NOT NULL)`,
        `CREATE INDEX "IDX_quality_phone_view_staff" ON "quality_phone_view" ("staffJobNumber", "id")`,
        `CREATE INDEX "IDX_quality_phone_view_order" ON "quality_phone_view" ("workOrderNumber", "id")`,
        `CREATE INDEX "IDX_quality_phone_view_at" ON "quality_phone_view" ("at")`,
        `CREATE TABLE "spot_check" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "workOrderId" integer NOT NULL, "workOrderNumber" varchar(24) NOT NULL, "siteDay" varchar(10) NOT NULL, "terminal" varchar(24) NOT NULL, "closedAt" datetime(3) NOT NULL, "status" varchar(8) NOT NULL, "evaluationId" integer, "note" text, "completedAt" datetime(3), "completedById" integer, "completedByJobNumber" varchar(16), "createdAt" datetime(3) NOT NULL, CONSTRAINT "FK_3d48b07357dd1374ea8e73a4481" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_spot_check_status" ON "spot_check" ("status", "id")`,
        `CREATE INDEX "IDX_spot_check_day_terminal" ON "spot_check" ("siteDay", "terminal")`,
        `CREATE UNIQUE INDEX "UQ_spot_check_order_day" ON "spot_check" ("workOrderId", "siteDay")`,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: ['DROP TABLE `spot_check`', 'DROP TABLE `quality_phone_view`', 'DROP TABLE `callback_attempt`', 'DROP TABLE `callback_visit`'],
      sqlite: ['DROP TABLE "spot_check"', 'DROP TABLE "quality_phone_view"', 'DROP TABLE "callback_attempt"', 'DROP TABLE "callback_visit"'],
    });
  }
}
