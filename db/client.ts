import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = LibSQLDatabase<Schema>;
/** Inside `write()` the transaction has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Queryable = Db | Tx;

export interface Database {
  /** For reads. Writes go through `write()`. */
  readonly db: Db;
  readonly client: Client;
  readonly url: string;
  readonly isLocal: boolean;
  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE). Write transactions from this process
   * are serialised through an async lock: the local driver fails a second overlapping write
   * transaction at once with SQLITE_BUSY (docs/stack-notes.md). Keep `fn` short and free of network calls.
   */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): void;
}

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), "migrations");

export function isLocalUrl(url: string): boolean {
  return url.startsWith("file:") || url === ":memory:";
}

/** A FIFO async mutex: each caller waits for the previous holder to finish. */
export function createLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return function withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export interface CreateDatabaseOptions {
  url: string;
  authToken?: string | undefined;
}

export function createDatabase({ url, authToken }: CreateDatabaseOptions): Database {
  const isLocal = isLocalUrl(url);
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length).split("?")[0] ?? "";
    if (path && path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient({ url, authToken, timeout: 5000 });
  const db = drizzle(client, { schema, casing: "snake_case" });
  const withLock = createLock();
  return {
    db,
    client,
    url,
    isLocal,
    write: (fn) => withLock(() => db.transaction(fn)),
    close: () => client.close(),
  };
}

/**
 * Applies the committed migrations. WAL persists in the file, so setting it here once is enough;
 * a libSQL server manages its own journal.
 *
 * Safe when several instances start at once: drizzle applies the pending migrations as one atomic
 * batch, so of two instances racing, one commits and the other's batch fails and rolls back
 * ("table already exists"); on a retry it finds them applied and does nothing.
 */
export async function migrateDatabase(database: Database, { attempts = 5 }: { attempts?: number } = {}): Promise<void> {
  if (database.url.startsWith("file:")) await database.client.execute("PRAGMA journal_mode = WAL");
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(database.db, { migrationsFolder });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
