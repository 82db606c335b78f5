import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** Customers and their phone numbers; work orders (工单) with linked calls, remarks, audit trail, claims (理赔申请), notifications, attachments, per-day numbering and SLA policies. */
export class WorkOrders1763910000000 implements MigrationInterface {
  name = 'WorkOrders1763910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        `CREATE TABLE \`customer\` (\`id\` int NOT NULL AUTO_INCREMENT, \`name\` varchar(64) NULL, \`memberNumber\` varchar(32) NULL, \`vip\` tinyint NOT NULL DEFAULT 0, \`addresses\` text NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, INDEX \`IDX_customer_member_number\` (\`memberNumber\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`customer_phone\` (\`id\` int NOT NULL AUTO_INCREMENT, \`customerId\` int NOT NULL, \`phone\` varchar(20) NOT NULL, \`addedAt\` datetime(3) NOT NULL, UNIQUE INDEX \`UQ_customer_phone_phone\` (\`phone\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order\` (\`id\` int NOT NULL AUTO_INCREMENT, \`number\` varchar(24) NOT NULL, \`channel\` varchar(24) NOT NULL, \`type\` varchar(24) NOT NULL, \`category\` varchar(32) NOT NULL, \`terminal\` varchar(24) NOT NULL, \`unitId\` int NULL, \`responsiblePerson\` varchar(64) NULL, \`customerId\` int NOT NULL, \`customerPhone\` varchar(20) NOT NULL, \`externalOrderNumber\` varchar(64) NULL, \`product\` varchar(128) NULL, \`description\` text NOT NULL, \`severity\` varchar(8) NOT NULL, \`status\` varchar(20) NOT NULL, \`createdById\` int NOT NULL, \`agentId\` int NULL, \`solution\` text NULL, \`solutionProposedAt\` datetime(3) NULL, \`solutionProposedById\` int NULL, \`acceptedAt\` datetime(3) NULL, \`acceptanceMethod\` varchar(16) NULL, \`acceptanceCallSid\` varchar(64) NULL, \`acceptanceRecordedById\` int NULL, \`dueAt\` datetime(3) NOT NULL, \`firstResponseDueAt\` datetime(3) NULL, \`firstRespondedAt\` datetime(3) NULL, \`escalateAt\` datetime(3) NULL, \`escalatedAt\` datetime(3) NULL, \`escalationReason\` varchar(24) NULL, \`closedAt\` datetime(3) NULL, \`reopenCount\` int NOT NULL DEFAULT '0', \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`version\` int NOT NULL, UNIQUE INDEX \`UQ_work_order_number\` (\`number\`), INDEX \`IDX_work_order_customer_phone\` (\`customerPhone\`), INDEX \`IDX_work_order_escalate_at\` (\`escalateAt\`), INDEX \`IDX_work_order_due\` (\`closedAt\`, \`dueAt\`), INDEX \`IDX_work_order_created_at\` (\`createdAt\`), INDEX \`IDX_work_order_created_by\` (\`createdById\`, \`id\`), INDEX \`IDX_work_order_agent\` (\`agentId\`, \`id\`), INDEX \`IDX_work_order_unit\` (\`unitId\`, \`id\`), INDEX \`IDX_work_order_customer\` (\`customerId\`, \`id\`), INDEX \`IDX_work_order_status_terminal\` (\`status\`, \`terminal\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order_call\` (\`id\` int NOT NULL AUTO_INCREMENT, \`workOrderId\` int NOT NULL, \`callSid\` varchar(64) NOT NULL, \`linkedAt\` datetime(3) NOT NULL, \`linkedById\` int NULL, INDEX \`IDX_work_order_call_sid\` (\`callSid\`), UNIQUE INDEX \`UQ_work_order_call\` (\`workOrderId\`, \`callSid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order_remark\` (\`id\` int NOT NULL AUTO_INCREMENT, \`workOrderId\` int NOT NULL, \`flag\` varchar(24) NULL, \`reason\` text NOT NULL, \`authorId\` int NOT NULL, \`authorJobNumber\` varchar(16) NOT NULL, \`createdAt\` datetime(3) NOT NULL, INDEX \`IDX_work_order_remark_order\` (\`workOrderId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order_audit\` (\`id\` int NOT NULL AUTO_INCREMENT, \`workOrderId\` int NOT NULL, \`action\` varchar(32) NOT NULL, \`actorId\` int NULL, \`actorJobNumber\` varchar(16) NULL, \`at\` datetime(3) NOT NULL, \`before\` text NULL, \`after\` text NULL, \`note\` text NULL, INDEX \`IDX_work_order_audit_order\` (\`workOrderId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order_claim\` (\`id\` int NOT NULL AUTO_INCREMENT, \`workOrderId\` int NOT NULL, \`responsibleParty\` varchar(16) NOT NULL, \`responsibleUnitId\` int NULL, \`responsibleName\` varchar(64) NULL, \`amount\` decimal(12,2) NOT NULL, \`evidence\` text NOT NULL, \`status\` varchar(16) NOT NULL, \`requestedById\` int NOT NULL, \`requestedAt\` datetime(3) NOT NULL, \`decidedById\` int NULL, \`decidedAt\` datetime(3) NULL, \`decisionNote\` text NULL, \`paidAt\` datetime(3) NULL, \`paymentReference\` varchar(64) NULL, \`version\` int NOT NULL, INDEX \`IDX_work_order_claim_order\` (\`workOrderId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order_notification\` (\`id\` int NOT NULL AUTO_INCREMENT, \`type\` varchar(24) NOT NULL, \`audience\` varchar(16) NOT NULL, \`workOrderId\` int NOT NULL, \`workOrderNumber\` varchar(24) NOT NULL, \`reason\` varchar(24) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`acknowledgedAt\` datetime(3) NULL, \`acknowledgedById\` int NULL, INDEX \`IDX_work_order_notification_open\` (\`acknowledgedAt\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order_day_counter\` (\`day\` varchar(8) NOT NULL, \`lastSequence\` int NOT NULL, PRIMARY KEY (\`day\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`sla_policy\` (\`category\` varchar(32) NOT NULL, \`firstResponseMinutes\` int NULL, \`resolutionMinutes\` int NOT NULL, \`businessHoursOnly\` tinyint NOT NULL DEFAULT 0, PRIMARY KEY (\`category\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`work_order_attachment\` (\`id\` int NOT NULL AUTO_INCREMENT, \`workOrderId\` int NOT NULL, \`customerId\` int NOT NULL, \`storedPath\` varchar(255) NOT NULL, \`originalName\` varchar(128) NOT NULL, \`contentType\` varchar(64) NOT NULL, \`sizeBytes\` int NOT NULL, \`sha256\` varchar(64) NOT NULL, \`uploadedById\` int NOT NULL, \`uploadedAt\` datetime(3) NOT NULL, INDEX \`IDX_work_order_attachment_order\` (\`workOrderId\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `ALTER TABLE \`customer_phone\` ADD CONSTRAINT \`FK_92ef29d644f9866d3e1a8508fa3\` FOREIGN KEY (\`customerId\`) REFERENCES \`customer\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order\` ADD CONSTRAINT \`FK_7c9e403d814563fffb7b606d3ab\` FOREIGN KEY (\`unitId\`) REFERENCES \`terminal_unit\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order\` ADD CONSTRAINT \`FK_2acd6ad7e93a9d2317979a4c8e6\` FOREIGN KEY (\`customerId\`) REFERENCES \`customer\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order\` ADD CONSTRAINT \`FK_6b9741e9ad2f194f4e346085cf9\` FOREIGN KEY (\`createdById\`) REFERENCES \`staff\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order\` ADD CONSTRAINT \`FK_e3aee2ae098ab114db6dce7835b\` FOREIGN KEY (\`agentId\`) REFERENCES \`staff\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order_call\` ADD CONSTRAINT \`FK_85b257eb5f8ef4a08d1669e0d2a\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order_remark\` ADD CONSTRAINT \`FK_497ddb8378bf974765274ff5517\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order_audit\` ADD CONSTRAINT \`FK_481af23568a500a1c1692b83523\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order_claim\` ADD CONSTRAINT \`FK_db9065228807824dbbabbc542ea\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order_claim\` ADD CONSTRAINT \`FK_6bf866795d03248c829f74dbfdc\` FOREIGN KEY (\`responsibleUnitId\`) REFERENCES \`terminal_unit\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order_notification\` ADD CONSTRAINT \`FK_a63c105f7d0c6ac84d43af5662c\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
        `ALTER TABLE \`work_order_attachment\` ADD CONSTRAINT \`FK_5d0d1254a4f277d7b680046df37\` FOREIGN KEY (\`workOrderId\`) REFERENCES \`work_order\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
      ],
      sqlite: [
        `CREATE TABLE "customer" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(64), "memberNumber" varchar(32), "vip" boolean NOT NULL DEFAULT (0), "addresses" text NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL)`,
        `CREATE INDEX "IDX_customer_member_number" ON "customer" ("memberNumber") `,
        `CREATE TABLE "customer_phone" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "customerId" integer NOT NULL, "phone" varchar(20) NOT NULL, "addedAt" datetime(3) NOT NULL, CONSTRAINT "FK_92ef29d644f9866d3e1a8508fa3" FOREIGN KEY ("customerId") REFERENCES "customer" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_customer_phone_phone" ON "customer_phone" ("phone") `,
        `CREATE TABLE "work_order" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "number" varchar(24) NOT NULL, "channel" varchar(24) NOT NULL, "type" varchar(24) NOT NULL, "category" varchar(32) NOT NULL, "terminal" varchar(24) NOT NULL, "unitId" integer, "responsiblePerson" varchar(64), "customerId" integer NOT NULL, "customerPhone" varchar(20) NOT NULL, "externalOrderNumber" varchar(64), "product" varchar(128), "description" text NOT NULL, "severity" varchar(8) NOT NULL, "status" varchar(20) NOT NULL, "createdById" integer NOT NULL, "agentId" integer, "solution" text, "solutionProposedAt" datetime(3), "solutionProposedById" integer, "acceptedAt" datetime(3), "acceptanceMethod" varchar(16), "acceptanceCallSid" varchar(64), "acceptanceRecordedById" integer, "dueAt" datetime(3) NOT NULL, "firstResponseDueAt" datetime(3), "firstRespondedAt" datetime(3), "escalateAt" datetime(3), "escalatedAt" datetime(3), "escalationReason" varchar(24), "closedAt" datetime(3), "reopenCount" integer NOT NULL DEFAULT (0), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "version" integer NOT NULL, CONSTRAINT "FK_7c9e403d814563fffb7b606d3ab" FOREIGN KEY ("unitId") REFERENCES "terminal_unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_2acd6ad7e93a9d2317979a4c8e6" FOREIGN KEY ("customerId") REFERENCES "customer" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_6b9741e9ad2f194f4e346085cf9" FOREIGN KEY ("createdById") REFERENCES "staff" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_e3aee2ae098ab114db6dce7835b" FOREIGN KEY ("agentId") REFERENCES "staff" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
        `CREATE UNIQUE INDEX "UQ_work_order_number" ON "work_order" ("number") `,
        `CREATE INDEX "IDX_work_order_customer_phone" ON "work_order" ("customerPhone") `,
        `CREATE INDEX "IDX_work_order_escalate_at" ON "work_order" ("escalateAt") `,
        `CREATE INDEX "IDX_work_order_due" ON "work_order" ("closedAt", "dueAt") `,
        `CREATE INDEX "IDX_work_order_created_at" ON "work_order" ("createdAt") `,
        `CREATE INDEX "IDX_work_order_created_by" ON "work_order" ("createdById", "id") `,
        `CREATE INDEX "IDX_work_order_agent" ON "work_order" ("agentId", "id") `,
        `CREATE INDEX "IDX_work_order_unit" ON "work_order" ("unitId", "id") `,
        `CREATE INDEX "IDX_work_order_customer" ON "work_order" ("customerId", "id") `,
        `CREATE INDEX "IDX_work_order_status_terminal" ON "work_order" ("status", "terminal", "id") `,
        `CREATE TABLE "work_order_call" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "workOrderId" integer NOT NULL, "callSid" varchar(64) NOT NULL, "linkedAt" datetime(3) NOT NULL, "linkedById" integer, CONSTRAINT "FK_85b257eb5f8ef4a08d1669e0d2a" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_work_order_call_sid" ON "work_order_call" ("callSid") `,
        `CREATE UNIQUE INDEX "UQ_work_order_call" ON "work_order_call" ("workOrderId", "callSid") `,
        `CREATE TABLE "work_order_remark" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "workOrderId" integer NOT NULL, "flag" varchar(24), "reason" text NOT NULL, "authorId" integer NOT NULL, "authorJobNumber" varchar(16) NOT NULL, "createdAt" datetime(3) NOT NULL, CONSTRAINT "FK_497ddb8378bf974765274ff5517" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_work_order_remark_order" ON "work_order_remark" ("workOrderId", "id") `,
        `CREATE TABLE "work_order_audit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "workOrderId" integer NOT NULL, "action" varchar(32) NOT NULL, "actorId" integer, "actorJobNumber" varchar(16), "at" datetime(3) NOT NULL, "before" text, "after" text, "note" text, CONSTRAINT "FK_481af23568a500a1c1692b83523" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_work_order_audit_order" ON "work_order_audit" ("workOrderId", "id") `,
        `CREATE TABLE "work_order_claim" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "workOrderId" integer NOT NULL, "responsibleParty" varchar(16) NOT NULL, "responsibleUnitId" integer, "responsibleName" varchar(64), "amount" decimal(12,2) NOT NULL, "evidence" text NOT NULL, "status" varchar(16) NOT NULL, "requestedById" integer NOT NULL, "requestedAt" datetime(3) NOT NULL, "decidedById" integer, "decidedAt" datetime(3), "decisionNote" text, "paidAt" datetime(3), "paymentReference" varchar(64), "version" integer NOT NULL, CONSTRAINT "FK_db9065228807824dbbabbc542ea" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_6bf866795d03248c829f74dbfdc" FOREIGN KEY ("responsibleUnitId") REFERENCES "terminal_unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_work_order_claim_order" ON "work_order_claim" ("workOrderId", "id") `,
        `CREATE TABLE "work_order_notification" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "type" varchar(24) NOT NULL, "audience" varchar(16) NOT NULL, "workOrderId" integer NOT NULL, "workOrderNumber" varchar(24) NOT NULL, "reason" varchar(24) NOT NULL, "createdAt" datetime(3) NOT NULL, "acknowledgedAt" datetime(3), "acknowledgedById" integer, CONSTRAINT "FK_a63c105f7d0c6ac84d43af5662c" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_work_order_notification_open" ON "work_order_notification" ("acknowledgedAt", "id") `,
        `CREATE TABLE "work_order_day_counter" ("day" varchar(8) PRIMARY KEY NOT NULL, "lastSequence" integer NOT NULL)`,
        `CREATE TABLE "sla_policy" ("category" varchar(32) PRIMARY KEY NOT NULL, "firstResponseMinutes" integer, "resolutionMinutes" integer NOT NULL, "businessHoursOnly" boolean NOT NULL DEFAULT (0))`,
        `CREATE TABLE "work_order_attachment" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "workOrderId" integer NOT NULL, "customerId" integer NOT NULL, "storedPath" varchar(255) NOT NULL, "originalName" varchar(128) NOT NULL, "contentType" varchar(64) NOT NULL, "sizeBytes" integer NOT NULL, "sha256" varchar(64) NOT NULL, "uploadedById" integer NOT NULL, "uploadedAt" datetime(3) NOT NULL, CONSTRAINT "FK_5d0d1254a4f277d7b680046df37" FOREIGN KEY ("workOrderId") REFERENCES "work_order" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
        `CREATE INDEX "IDX_work_order_attachment_order" ON "work_order_attachment" ("workOrderId", "id") `,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'work_order_attachment',
      'sla_policy',
      'work_order_day_counter',
      'work_order_notification',
      'work_order_claim',
      'work_order_audit',
      'work_order_remark',
      'work_order_call',
      'work_order',
      'customer_phone',
      'customer',
    ])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
