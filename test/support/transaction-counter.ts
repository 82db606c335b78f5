import type { DataSource } from 'typeorm';

/** The transactions a data source commits and rolls back, for specs that assert how writes were grouped. */
export class TransactionCounter {
  committed = 0;
  rolledBack = 0;

  watch(db: DataSource): void {
    db.subscribers.push({
      afterTransactionCommit: () => void this.committed++,
      afterTransactionRollback: () => void this.rolledBack++,
    });
  }

  reset(): void {
    this.committed = 0;
    this.rolledBack = 0;
  }
}
