import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/**
 * Runs callbacks once the transaction of an EntityManager commits, and drops them if it rolls
 * back: what a metric of committed facts needs (a gift whose transaction failed was not counted).
 * Outside a transaction the callback runs at once.
 */
export class AfterCommit implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, Array<() => void>>();

  static on(ds: DataSource): AfterCommit {
    const existing = ds.subscribers.find((s): s is AfterCommit => s instanceof AfterCommit);
    if (existing) return existing;
    const hook = new AfterCommit();
    ds.subscribers.push(hook);
    return hook;
  }

  run(em: EntityManager, fn: () => void): void {
    const qr = em.queryRunner;
    if (!qr?.isTransactionActive) return fn();
    const list = this.pending.get(qr) ?? [];
    list.push(fn);
    this.pending.set(qr, list);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A savepoint released inside a larger transaction is not the commit.
    if (event.queryRunner.isTransactionActive) return;
    const list = this.pending.get(event.queryRunner);
    this.pending.delete(event.queryRunner);
    for (const fn of list ?? []) fn();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
