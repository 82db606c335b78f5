import { statSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { MediumGraph, newMediumGraph } from '../../test/support/medium';

// The embedded database's checkpoints; MariaDB has none to move (its runs leave this out).
const onSqlite = process.env.DATABASE_URL ? describe.skip : describe;

onSqlite('SqliteCheckpointer (medium, embedded database)', () => {
  let graph: MediumGraph; // the database module's own graph: the checkpointer is part of it
  let db: DataSource;
  let file: string;

  beforeAll(async () => {
    graph = await newMediumGraph();
    db = graph.db;
    file = String(db.options.database);
  });
  afterAll(() => graph.close());

  const pragma = (sql: string) =>
    (db.driver as unknown as { databaseConnection: { pragma(s: string, o?: object): unknown } }).databaseConnection.pragma(sql, { simple: true });

  it('leaves checkpoints to its worker: commits never copy the log back, the worker does, while the app keeps writing', async () => {
    expect(pragma('wal_autocheckpoint')).toBe(0);
    const before = statSync(file).size;
    const filler = 'x'.repeat(500);
    for (let batch = 0; batch < 20; batch++) {
      await db.transaction(async (tx) => {
        for (let i = 0; i < 100; i++) {
          const sid = 'CA' + (batch * 100 + i).toString(16).padStart(32, '0');
          await tx.query('INSERT INTO twilio_webhook_receipt (callSid, eventKey, receivedAt, response) VALUES (?, ?, ?, ?)', [
            sid,
            'incoming',
            '2026-12-01 10:00:00.000',
            filler,
          ]);
        }
      });
    }
    // ~1 MB went into the log; the worker copies it into the database file within a few ticks.
    const deadline = Date.now() + 5000;
    while (statSync(file).size < before + 500_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(file).size).toBeGreaterThan(before + 500_000);
    expect(Number((await db.query('SELECT COUNT(*) AS n FROM twilio_webhook_receipt'))[0].n)).toBeGreaterThanOrEqual(2000);
  });
});
