import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { municipality, session } from "#db/schema";
import { createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { DATA_VERSION_TABLES, PUBLIC_DATA_TABLES, readPublicDataVersion } from "~/domain/data-version.server";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

// Keeps the data-version classification (app/domain/data-version.server.ts, decision 037) and the
// triggers of migration 0011 in step with the real schema: a new table must be classified, and a
// public table must carry its three triggers (a migration that rebuilds a table drops them).

/** Tables of SQLite and drizzle themselves. */
const INTERNAL_TABLES = new Set(["__drizzle_migrations", "sqlite_sequence", "sqlite_schema", "sqlite_temp_schema"]);
const EVENTS = ["INSERT", "UPDATE", "DELETE"] as const;

/** A trigger raises the public version when its body is exactly that one update. */
function raisesPublicVersion(sql: string): boolean {
  return /BEGIN\s+UPDATE\s+`?data_version`?\s+SET\s+`?version`?\s*=\s*`?version`?\s*\+\s*1\s+WHERE\s+`?scope`?\s*=\s*'public'\s*;\s*END$/i.test(
    sql.trim(),
  );
}

describe("the data-version table", () => {
  let database: TestDatabase;
  let tables: string[];
  /** table → the events (INSERT/UPDATE/DELETE) of its triggers that raise the public version */
  let raising: Map<string, Set<string>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const list = await database.client.execute("PRAGMA table_list");
    tables = list.rows.filter((r) => r.schema === "main" && !INTERNAL_TABLES.has(String(r.name))).map((r) => String(r.name));
    const triggers = await database.client.execute("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'");
    raising = new Map();
    for (const row of triggers.rows) {
      const sql = String(row.sql);
      const event = /\bAFTER\s+(INSERT|UPDATE|DELETE)\s+ON\b/i.exec(sql)?.[1]?.toUpperCase();
      if (!event || !raisesPublicVersion(sql)) continue;
      const table = String(row.tbl_name);
      raising.set(table, (raising.get(table) ?? new Set()).add(event));
    }
  });
  afterAll(() => database.cleanup());

  it("classifies every table of the schema, and names no table that does not exist", () => {
    const classified: Record<string, unknown> = DATA_VERSION_TABLES;
    expect(tables.filter((t) => !classified[t])).toEqual([]);
    expect(Object.keys(DATA_VERSION_TABLES).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it("gives every public table its insert, update and delete trigger, and no private table any", () => {
    const problems: string[] = [];
    for (const table of tables) {
      const events = raising.get(table) ?? new Set();
      const isPublic = PUBLIC_DATA_TABLES.includes(table);
      for (const event of EVENTS) {
        if (isPublic && !events.has(event)) problems.push(`${table}: no AFTER ${event} trigger`);
        if (!isPublic && events.has(event)) problems.push(`${table}: private but has an AFTER ${event} trigger`);
      }
    }
    expect(problems).toEqual([]);
    expect(PUBLIC_DATA_TABLES.length).toBeGreaterThan(10);
  });

  it("raises the version once per written row of a public table, and not for a private one", async () => {
    const db = database.db;
    const before = await readPublicDataVersion(db);
    const placeId = await db.transaction(async (tx) => (await createMunicipality(tx, { name: "Versiedorp" })).id);
    expect(await readPublicDataVersion(db)).toBe(before + 1);
    await db.update(municipality).set({ name: "Versiestad" }).where(eq(municipality.id, placeId));
    expect(await readPublicDataVersion(db)).toBe(before + 2);

    const neighbourhood = await db.transaction((tx) => createNeighbourhood(tx, { municipalityId: placeId }));
    const afterPlaces = await readPublicDataVersion(db);
    expect(afterPlaces).toBeGreaterThan(before + 2);
    const person = await db.transaction((tx) => createUser(tx, { neighbourhoodId: neighbourhood.id }));
    await db.insert(session).values({ idHash: "data-version-session", userId: person.id, createdAt: 1, lastSeenAt: 1 });
    await db.delete(session).where(eq(session.idHash, "data-version-session"));
    expect(await readPublicDataVersion(db)).toBe(afterPlaces);
  });

  it("raises it inside the writing transaction: a rolled-back write leaves it as it was", async () => {
    const db = database.db;
    const before = await readPublicDataVersion(db);
    await expect(
      db.transaction(async (tx) => {
        await createMunicipality(tx, { name: "Nooitgebouwd" });
        expect(await readPublicDataVersion(tx)).toBe(before + 1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await readPublicDataVersion(db)).toBe(before);
  });
});
