import { MigrationInterface, QueryRunner } from 'typeorm';
import { runEngineSql } from './engine-sql';

/** Call records, the agents rung for each call, and Twilio webhook receipts (idempotency). */
export class Telephony1763920000000 implements MigrationInterface {
  name = 'Telephony1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await runEngineSql(queryRunner, {
      mysql: [
        `CREATE TABLE \`call_record\` (\`id\` int NOT NULL AUTO_INCREMENT, \`callSid\` varchar(40) NOT NULL, \`direction\` varchar(24) NOT NULL, \`fromNumber\` varchar(32) NOT NULL, \`toNumber\` varchar(32) NOT NULL, \`arrivedAt\` datetime(3) NOT NULL, \`answeredAt\` datetime(3) NULL, \`answeredBy\` varchar(8) NULL, \`connectedAt\` datetime(3) NULL, \`agentJobNumber\` varchar(16) NULL, \`queueCode\` varchar(32) NULL, \`priority\` int NOT NULL DEFAULT '0', \`status\` varchar(16) NOT NULL, \`outcome\` varchar(16) NULL, \`endedAt\` datetime(3) NULL, \`waitSeconds\` int NULL, \`recordingUrl\` varchar(512) NULL, \`segment\` int NOT NULL DEFAULT '0', \`originCallSid\` varchar(40) NULL, INDEX \`IDX_call_record_from\` (\`fromNumber\`), INDEX \`IDX_call_record_agent_arrived\` (\`agentJobNumber\`, \`arrivedAt\`), INDEX \`IDX_call_record_queue_arrived\` (\`queueCode\`, \`arrivedAt\`), INDEX \`IDX_call_record_arrived\` (\`arrivedAt\`), UNIQUE INDEX \`IDX_bbde165e3c52099795f7e76200\` (\`callSid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`call_offer\` (\`id\` int NOT NULL AUTO_INCREMENT, \`callSid\` varchar(40) NOT NULL, \`agentJobNumber\` varchar(16) NOT NULL, \`offeredAt\` datetime(3) NOT NULL, \`result\` varchar(16) NULL, \`resultAt\` datetime(3) NULL, INDEX \`IDX_call_offer_agent_offered\` (\`agentJobNumber\`, \`offeredAt\`), INDEX \`IDX_call_offer_call\` (\`callSid\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
        `CREATE TABLE \`twilio_webhook_receipt\` (\`id\` int NOT NULL AUTO_INCREMENT, \`callSid\` varchar(40) NOT NULL, \`eventKey\` varchar(128) NOT NULL, \`receivedAt\` datetime(3) NOT NULL, \`response\` text NULL, UNIQUE INDEX \`UQ_twilio_webhook_receipt_event\` (\`callSid\`, \`eventKey\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
      ],
      sqlite: [
        `CREATE TABLE "call_record" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "callSid" varchar(40) NOT NULL, "direction" varchar(24) NOT NULL, "fromNumber" varchar(32) NOT NULL, "toNumber" varchar(32) NOT NULL, "arrivedAt" datetime(3) NOT NULL, "answeredAt" datetime(3), "answeredBy" varchar(8), "connectedAt" datetime(3), "agentJobNumber" varchar(16), "queueCode" varchar(32), "priority" integer NOT NULL DEFAULT (0), "status" varchar(16) NOT NULL, "outcome" varchar(16), "endedAt" datetime(3), "waitSeconds" integer, "recordingUrl" varchar(512), "segment" integer NOT NULL DEFAULT (0), "originCallSid" varchar(40), CONSTRAINT "UQ_bbde165e3c52099795f7e762002" UNIQUE ("callSid"))`,
        `CREATE INDEX "IDX_call_record_from" ON "call_record" ("fromNumber")`,
        `CREATE INDEX "IDX_call_record_agent_arrived" ON "call_record" ("agentJobNumber", "arrivedAt")`,
        `CREATE INDEX "IDX_call_record_queue_arrived" ON "call_record" ("queueCode", "arrivedAt")`,
        `CREATE INDEX "IDX_call_record_arrived" ON "call_record" ("arrivedAt")`,
        `CREATE TABLE "call_offer" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "callSid" varchar(40) NOT NULL, "agentJobNumber" varchar(16) NOT NULL, "offeredAt" datetime(3) NOT NULL, "result" varchar(16), "resultAt" datetime(3))`,
        `CREATE INDEX "IDX_call_offer_agent_offered" ON "call_offer" ("agentJobNumber", "offeredAt")`,
        `CREATE INDEX "IDX_call_offer_call" ON "call_offer" ("callSid")`,
        `CREATE TABLE "twilio_webhook_receipt" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "callSid" varchar(40) NOT NULL, "eventKey" varchar(128) NOT NULL, "receivedAt" datetime(3) NOT NULL, "response" text)`,
        `CREATE UNIQUE INDEX "UQ_twilio_webhook_receipt_event" ON "twilio_webhook_receipt" ("callSid", "eventKey")`,
      ],
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['twilio_webhook_receipt', 'call_offer', 'call_record']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
