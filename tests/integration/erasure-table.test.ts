import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERASURE } from "~/domain/accounts/erasure";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// Keeps the erasure table (app/domain/accounts/erasure.ts, decision 031) complete: the schema is read
// from a fresh database with the real migrations, so a new table or column cannot slip past it.

/** Tables of SQLite and drizzle themselves: they hold no one's data. */
const INTERNAL_TABLES = new Set(["__drizzle_migrations", "sqlite_sequence", "sqlite_schema", "sqlite_temp_schema"]);

/**
 * A column whose name contains one of these fragments is taken to refer to a person or to hold
 * personal data, and needs an entry (with "keep" and a reason when it is not about a person, like a
 * facility's public address). Matched anywhere in the name: `contact_email`, `first_name`,
 * `notes_for_helpers`, `to_address`, `user_agent`, `requester_hash`, `secret_sealed`, a new `nickname`.
 */
const PERSONAL_FRAGMENTS = [
  // who someone is and how to reach them
  "email",
  "name", // name, first_name, contact_name, nickname
  "phone",
  "birth",
  // where someone lives
  "postcode",
  "address", // address, to_address, from_address
  "street",
  "house_number",
  // free text that may describe a person or their care
  "note", // note, notes, notes_for_helpers, accessibility_note
  "text", // text, public_text, private_text
  "description",
  "message",
  "reason", // reason, flag_reason, end_reason, cancel_reason
  "feedback",
  "comment",
  "detail",
  "props",
  "payload",
  "headers",
  "html",
  "subject",
  // device and network
  "user_agent",
  "device",
  "requester", // requester_id, requester_hash
  // secrets and tokens bound to a person
  "hash", // id_hash, link_hash, code_hash, token_hash
  "token",
  "secret",
  "sealed",
  "credential",
  // references to a person (also checked through foreign keys, but security_event.actor_id has none)
  "user", // user_id
  "author",
  "viewer",
  "volunteer", // volunteer_id, matched_volunteer_id
  "carer",
];

/**
 * Short words that would match too much as fragments (`ip` in `description`, `city` in `capacity`,
 * `actor` in `second_factor_at`): they count only as a whole snake_case word of the name.
 */
const PERSONAL_WORDS = [
  "ip",
  "city",
  "actor", // actor_id
  "by", // invited_by, approved_by, vog_set_by, created_by_id, cancelled_by, …
  "key", // rate_limit_hit.key names a user id or address; idempotency keys name records
];

function looksPersonal(column: string): boolean {
  const words = column.toLowerCase().split("_");
  return PERSONAL_FRAGMENTS.some((f) => column.toLowerCase().includes(f)) || PERSONAL_WORDS.some((w) => words.includes(w));
}

type SchemaColumn = { name: string; referencesUser: boolean };
type Schema = ReadonlyMap<string, readonly SchemaColumn[]>;
type Erasure = Readonly<
  Record<
    string,
    {
      rows: string;
      rowsOf: readonly string[];
      reason: string;
      columns: Readonly<Record<string, { treatment: string; reason: string; period?: string }>>;
    }
  >
>;

async function readSchema(database: TestDatabase): Promise<Schema> {
  const tables = await database.client.execute("PRAGMA table_list");
  const schema = new Map<string, SchemaColumn[]>();
  for (const row of tables.rows) {
    const table = String(row.name);
    if (row.schema !== "main" || INTERNAL_TABLES.has(table)) continue;
    const columns = await database.client.execute(`PRAGMA table_info("${table}")`);
    const foreignKeys = await database.client.execute(`PRAGMA foreign_key_list("${table}")`);
    const toUser = new Set(foreignKeys.rows.filter((fk) => fk.table === "user").map((fk) => String(fk.from)));
    schema.set(
      table,
      columns.rows.map((c) => ({ name: String(c.name), referencesUser: toUser.has(String(c.name)) })),
    );
  }
  return schema;
}

/** The schema with one more column (in a new or an existing table). */
function schemaPlus(schema: Schema, extra: { table: string; column: string; referencesUser?: boolean }): Schema {
  const next = new Map(schema);
  next.set(extra.table, [...(schema.get(extra.table) ?? []), { name: extra.column, referencesUser: extra.referencesUser ?? false }]);
  return next;
}

/** Everything wrong between the schema and the erasure table, one line each, naming table and column. */
function erasureProblems(schema: Schema, erasure: Erasure): string[] {
  const problems: string[] = [];
  for (const [table, columns] of schema) {
    const entry = erasure[table];
    if (!entry) {
      problems.push(`${table}: table has no entry`);
      continue;
    }
    for (const column of columns) {
      if (entry.columns[column.name]) continue;
      if (column.referencesUser) problems.push(`${table}.${column.name}: references user but has no entry`);
      else if (looksPersonal(column.name)) problems.push(`${table}.${column.name}: name looks personal but has no entry`);
    }
  }
  for (const [table, entry] of Object.entries(erasure)) {
    const columns = schema.get(table);
    if (!columns) {
      problems.push(`${table}: entry names a table that does not exist`);
      continue;
    }
    const exists = (name: string) => columns.some((c) => c.name === name);
    if (entry.reason.trim() === "") problems.push(`${table}: entry has no reason`);
    if (entry.rows === "delete" && entry.rowsOf.length === 0) problems.push(`${table}: rows are deleted but rowsOf names no column`);
    for (const name of entry.rowsOf) if (!exists(name)) problems.push(`${table}.${name}: rowsOf names a column that does not exist`);
    for (const [name, column] of Object.entries(entry.columns)) {
      if (!exists(name)) problems.push(`${table}.${name}: entry names a column that does not exist`);
      if (column.reason.trim() === "") problems.push(`${table}.${name}: entry has no reason`);
      if (column.treatment === "keep" && !column.period?.trim()) problems.push(`${table}.${name}: kept without a period`);
      if (entry.rows === "keep-rows" && column.treatment === "delete") problems.push(`${table}.${name}: deleted while its row is kept`);
    }
  }
  return problems;
}

describe("the erasure table", () => {
  let database: TestDatabase;
  let schema: Schema;
  beforeAll(async () => {
    database = await createTestDatabase();
    schema = await readSchema(database);
  });
  afterAll(async () => await database.cleanup());

  it("reads the real schema", () => {
    expect(schema.size).toBeGreaterThan(50);
    expect(schema.get("signup")).toContainEqual({ name: "user_id", referencesUser: true });
    expect(schema.has("__drizzle_migrations")).toBe(false);
    expect(schema.has("sqlite_sequence")).toBe(false);
  });

  it("covers every table, every reference to a user and every personal-looking column of today's schema", () => {
    expect(erasureProblems(schema, ERASURE)).toEqual([]);
  });

  it("names the table when a new table has no entry", () => {
    expect(erasureProblems(schemaPlus(schema, { table: "buddy", column: "id" }), ERASURE)).toEqual(["buddy: table has no entry"]);
  });

  it("names the column when a new column refers to a user without an entry", () => {
    expect(erasureProblems(schemaPlus(schema, { table: "shift", column: "lead_id", referencesUser: true }), ERASURE)).toEqual([
      "shift.lead_id: references user but has no entry",
    ]);
  });

  it("names the column when a new personal-looking column has no entry", () => {
    expect(erasureProblems(schemaPlus(schema, { table: "user", column: "nickname" }), ERASURE)).toEqual([
      "user.nickname: name looks personal but has no entry",
    ]);
    for (const column of ["house_number", "street", "city", "ip", "user_agent", "comment", "message", "feedback", "notes"]) {
      expect(erasureProblems(schemaPlus(schema, { table: "activity", column }), ERASURE)).toEqual([
        `activity.${column}: name looks personal but has no entry`,
      ]);
    }
    // Names that only contain a short word are not taken for personal.
    for (const column of ["capacity_total", "second_factor_count", "subscription_tier"]) {
      expect(erasureProblems(schemaPlus(schema, { table: "activity", column }), ERASURE)).toEqual([]);
    }
  });

  it("names the table or column when an entry names something that does not exist", () => {
    const stale: Erasure = {
      ...ERASURE,
      ghost: { rows: "delete", rowsOf: ["user_id"], reason: "gone", columns: {} },
      user: { ...ERASURE.user, columns: { ...ERASURE.user.columns, nickname: { treatment: "delete", reason: "gone" } } },
    };
    expect(erasureProblems(schema, stale)).toEqual([
      "user.nickname: entry names a column that does not exist",
      "ghost: entry names a table that does not exist",
    ]);
  });

  it("refuses an entry without a reason, a keep without a period, and a deleted column in a kept row", () => {
    const sloppy: Erasure = {
      ...ERASURE,
      signup: {
        ...ERASURE.signup,
        columns: {
          user_id: { treatment: "delete", reason: " " },
          cancelled_by: { treatment: "keep", reason: "a role" },
        },
      },
    };
    expect(erasureProblems(schema, sloppy)).toEqual([
      "signup.user_id: entry has no reason",
      "signup.user_id: deleted while its row is kept",
      "signup.cancelled_by: kept without a period",
    ]);
  });

  it("keeps no reference to a user as it is: each one is deleted, anonymised or pseudonymised", () => {
    for (const [table, columns] of schema) {
      for (const column of columns.filter((c) => c.referencesUser)) {
        expect(["delete", "anonymise", "pseudonymise"], `${table}.${column.name}`).toContain(
          ERASURE[table as keyof typeof ERASURE].columns[column.name]?.treatment,
        );
      }
    }
  });
});
