import type { EntityManager, ValueTransformer } from 'typeorm';
import { Donation } from './donation.entity';

/**
 * Reads donation rows with plain SQL on the money paths (webhooks, the ledger), where TypeORM's
 * query builder and hydration cost more than the statements themselves. The column list and the
 * conversions (bigint -> number) come from the entity's own metadata, so they cannot drift from
 * the schema the migrations build.
 */
export interface DonationRows {
  /** `alias.column AS "column", ...` for every column of the entity. */
  select(alias: string): string;
  /** A row selected with `select()` (or RETURNING it) as a Donation entity. */
  hydrate(row: Record<string, unknown>): Donation;
  /**
   * `INSERT INTO donations (...) VALUES ($n, ...) RETURNING <every column>` for the given fields
   * (the database fills in the rest: id, defaults, timestamps), numbering parameters from
   * `firstParam`, with their values.
   */
  insert(values: Partial<Donation>, firstParam?: number): { sql: string; params: unknown[] };
}

const cache = new WeakMap<object, DonationRows>();

export function donationRows(em: EntityManager): DonationRows {
  const known = cache.get(em.connection);
  if (known) return known;
  const columns = em.connection.getMetadata(Donation).columns.map((c) => ({
    prop: c.propertyName,
    db: c.databaseName,
    from: (c.transformer as ValueTransformer | undefined)?.from,
    to: (c.transformer as ValueTransformer | undefined)?.to,
  }));
  const returning = columns.map((c) => `${c.db} AS "${c.db}"`).join(', ');
  const rows: DonationRows = {
    select: (alias) => columns.map((c) => `${alias}.${c.db} AS "${c.db}"`).join(', '),
    hydrate: (row) => {
      const d = new Donation() as unknown as Record<string, unknown>;
      for (const c of columns) {
        const v = row[c.db];
        d[c.prop] = c.from ? c.from(v) : v;
      }
      return d as unknown as Donation;
    },
    insert: (values, firstParam = 1) => {
      const given = columns.filter((c) => (values as Record<string, unknown>)[c.prop] !== undefined);
      const params = given.map((c) => {
        const v = (values as Record<string, unknown>)[c.prop];
        return c.to ? c.to(v) : v;
      });
      const sql = `INSERT INTO donations (${given.map((c) => c.db).join(', ')}) VALUES (${given.map((_, i) => `$${firstParam + i}`).join(', ')}) RETURNING ${returning}`;
      return { sql, params };
    },
  };
  cache.set(em.connection, rows);
  return rows;
}
