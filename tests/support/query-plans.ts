import type { Database } from "#db/client";

/** Runs `fn` and returns its result with the SQL of every statement it sent to the database. */
export async function statementsOf<T>(database: Database, fn: () => Promise<T>) {
  const sent: string[] = [];
  const client = database.client as unknown as { execute: (stmt: unknown) => Promise<unknown> };
  const execute = client.execute;
  client.execute = (stmt) => {
    sent.push(typeof stmt === "string" ? stmt : (stmt as { sql: string }).sql);
    return execute.call(database.client, stmt);
  };
  try {
    return { result: await fn(), sent };
  } finally {
    client.execute = execute;
  }
}

/** Runs `fn`, timing it and collecting the query plan of every statement it ran. */
export async function measured<T>(database: Database, fn: () => Promise<T>) {
  const statements: { sql: string; args: unknown }[] = [];
  const client = database.client as unknown as { execute: (stmt: unknown) => Promise<unknown> };
  const execute = client.execute;
  client.execute = (stmt) => {
    statements.push(stmt as { sql: string; args: unknown });
    return execute.call(database.client, stmt);
  };
  const start = performance.now();
  let result: T;
  try {
    result = await fn();
  } finally {
    client.execute = execute;
  }
  const ms = performance.now() - start;
  const plans: string[] = [];
  for (const stmt of statements) {
    if (typeof stmt !== "object" || !/^\s*(WITH|SELECT)/i.test(stmt.sql)) continue;
    const plan = await database.client.execute({ sql: `EXPLAIN QUERY PLAN ${stmt.sql}`, args: stmt.args as never });
    plans.push(...plan.rows.map((r) => String(r.detail)));
  }
  return { result, ms, plans };
}

/**
 * Plan lines that read a whole table other than the activity list (or a small lookup table, an
 * activity's target groups, the activity list's own page of at most 21 rows, or no table at all).
 */
export function fullScans(plans: string[]) {
  return plans.filter(
    (line) => /^SCAN /.test(line) && !/^SCAN (a|activity|neighbourhood|skill|json_each|page|CONSTANT ROW)( |$)/.test(line),
  );
}
