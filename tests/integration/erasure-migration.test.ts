import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "drizzle-orm/libsql/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, migrateDatabase, migrationsFolder } from "#db/client";
import { testDatabaseMode, type TestDatabase } from "#tests/support/database";
import { startSqld } from "#tests/support/sqld";

// Migration 0010 (erasure, decision 031) rebuilds signup, consent, security_event and help_request
// and replaces the log triggers. It runs here on a database of the previous version (0009) filled
// with one of everything it touches, and must keep every row, move intake consents to the person,
// and leave the logs append-only except through the log_rewrite path.

const T0 = Date.UTC(2026, 9, 1, 10, 0);

/** A copy of the migrations folder that stops before `stopBefore` (its journal cut there too). */
function migrationsUpTo(stopBefore: string): { folder: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-migrations-"));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag.startsWith(stopBefore));
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return { folder: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Rows in the shape of migration 0009: a resident, a coordinator, a volunteer and their records. */
const POPULATE_0009 = [
  `INSERT INTO municipality (id, name) VALUES (1, 'Zwolle')`,
  `INSERT INTO neighbourhood (id, municipality_id, name, slug) VALUES (1, 1, 'Assendorp', 'assendorp')`,
  `INSERT INTO user (id, email, name, postcode, neighbourhood_id, created_at) VALUES
     (1, 'carla@example.org', 'Carla', '8011AB', 1, ${T0}),
     (2, 'cor@example.org', 'Cor', '8011AB', 1, ${T0}),
     (3, 'vera@example.org', 'Vera', '8011AB', 1, ${T0})`,
  `INSERT INTO session (id_hash, user_id, created_at, last_seen_at) VALUES ('s1', 1, ${T0}, ${T0 + 86_400_000})`,
  `INSERT INTO role_grant (user_id, role, neighbourhood_id, granted_at) VALUES (2, 'coordinator', 1, ${T0})`,
  `INSERT INTO consent (id, user_id, purpose, version, given_at) VALUES
     (1, 1, 'privacy-statement', '2026-01', ${T0}),
     (2, 1, 'care-details', '2026-01', ${T0}),
     (3, 2, 'care-details', '2026-01', ${T0})`,
  // Carla's own request with care details, matched to Vera; and an intake request Cor registered.
  `INSERT INTO help_request (id, requester_id, kind, neighbourhood_id, address, public_text, private_text, care_consent_id,
     time_zone, status, matched_volunteer_id, matched_at, created_at, updated_at) VALUES
     (1, 1, 'respite', 1, 'Dorpsstraat 1', 'Even een middag oppas', 'Mijn moeder heeft dementie', 2,
      'Europe/Amsterdam', 'matched', 3, ${T0}, ${T0}, ${T0})`,
  `INSERT INTO help_request (id, registered_by_id, contact_name, contact_phone, kind, neighbourhood_id, address, public_text,
     private_text, care_consent_id, time_zone, status, created_at, updated_at) VALUES
     (2, 2, 'Henk', '0612345678', 'transport', 1, 'Kerkweg 2', 'Rit naar het ziekenhuis', 'Rolstoel', 3,
      'Europe/Amsterdam', 'open', ${T0}, ${T0})`,
  `INSERT INTO help_request_event (request_id, from_status, to_status, actor_id, note, at) VALUES
     (1, NULL, 'submitted', 1, NULL, ${T0}), (1, 'open', 'matched', 2, 'Vera past goed', ${T0})`,
  `INSERT INTO care_access_log (request_id, viewer_id, fields, purpose, at) VALUES (1, 3, '["address"]', 'match', ${T0})`,
  `INSERT INTO security_event (user_id, kind, at, actor_id, detail) VALUES (2, 'sign-in', ${T0}, 2, 'Firefox · Linux')`,
];

/** An empty database (no migrations) on the same engine as the other tests: a file, or its own sqld. */
async function emptyDatabase(): Promise<TestDatabase> {
  if (testDatabaseMode === "sqld") {
    const sqld = await startSqld();
    const db = createDatabase({ url: sqld.url });
    return Object.assign(db, {
      async cleanup() {
        db.close();
        await sqld.stop();
      },
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-0009-"));
  const db = createDatabase({ url: `file:${path.join(dir, "old.db")}` });
  return Object.assign(db, {
    async cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

describe("migration 0010 on a populated database of the previous version", () => {
  let database: TestDatabase;
  let previous: ReturnType<typeof migrationsUpTo>;
  const count = async (table: string) => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  const refusal = async (statement: string) => {
    try {
      await database.client.execute(statement);
    } catch (error) {
      return String((error as Error).message);
    }
    return "accepted";
  };

  beforeAll(async () => {
    database = await emptyDatabase();
    previous = migrationsUpTo("0010_");
    await migrate(database.db, { migrationsFolder: previous.folder });
    for (const statement of POPULATE_0009) await database.client.execute(statement);
    await migrateDatabase(database);
  });
  afterAll(async () => {
    await database.cleanup();
    previous.cleanup();
  });

  it("keeps every row of the rebuilt tables, with their references", async () => {
    expect(await count("user")).toBe(3);
    expect(await count("consent")).toBe(3);
    expect(await count("help_request")).toBe(2);
    expect(await count("help_request_event")).toBe(2);
    expect(await count("care_access_log")).toBe(1);
    expect(await count("security_event")).toBe(1);
    const { rows } = await database.client.execute(
      "SELECT private_text, care_consent_id, matched_volunteer_id FROM help_request WHERE id = 1",
    );
    expect(rows[0]).toMatchObject({ private_text: "Mijn moeder heeft dementie", care_consent_id: 2, matched_volunteer_id: 3 });
    expect((await database.client.execute("PRAGMA foreign_key_check")).rows).toEqual([]);
    expect((await database.client.execute("PRAGMA integrity_check")).rows[0]).toMatchObject({ integrity_check: "ok" });
  });

  it("records the intake consent for the person, with the coordinator as the one who recorded it", async () => {
    const { rows } = await database.client.execute("SELECT id, user_id, recorded_by_id FROM consent ORDER BY id");
    expect(rows.map((r) => [r.id, r.user_id, r.recorded_by_id])).toEqual([
      [1, 1, null],
      [2, 1, null],
      [3, null, 2],
    ]);
  });

  it("sets the last activity from the latest session, or the account's creation", async () => {
    const { rows } = await database.client.execute("SELECT id, last_active_at FROM user ORDER BY id");
    expect(rows.map((r) => [r.id, r.last_active_at])).toEqual([
      [1, T0 + 86_400_000],
      [2, T0],
      [3, T0],
    ]);
  });

  it("keeps the logs append-only outside the log_rewrite path", async () => {
    expect(await refusal("UPDATE care_access_log SET viewer_id = NULL")).toMatch(/append-only/);
    expect(await refusal("UPDATE help_request_event SET note = NULL")).toMatch(/append-only/);
    expect(await refusal("DELETE FROM care_access_log")).toMatch(/append-only/);
    expect(await refusal("DELETE FROM help_request_event")).toMatch(/append-only/);
    expect(await refusal("UPDATE security_event SET detail = NULL")).toMatch(/append-only/);
    expect(await refusal("DELETE FROM security_event")).toMatch(/append-only/);
    // Deleting a person outside the erasure verb is refused too: the foreign key's SET NULL is an update.
    expect(await refusal("DELETE FROM user WHERE id = 3")).toMatch(/append-only/);
  });

  it("allows only the pseudonymising update inside an erasure, and only deletion inside retention", async () => {
    const inErasure = async (statement: string) => {
      const tx = await database.client.transaction("write");
      try {
        await tx.execute("INSERT INTO log_rewrite (id, purpose) VALUES (1, 'erasure')");
        await tx.execute(statement);
        return "accepted";
      } catch (error) {
        return String((error as Error).message);
      } finally {
        await tx.rollback();
      }
    };
    expect(await inErasure("UPDATE care_access_log SET viewer_id = NULL, viewer_pseudonym = 'erased-x' WHERE viewer_id = 3")).toBe(
      "accepted",
    );
    // No pseudonym, another column, or a person put back: refused.
    expect(await inErasure("UPDATE care_access_log SET viewer_id = NULL WHERE viewer_id = 3")).toMatch(/append-only/);
    expect(await inErasure("UPDATE care_access_log SET at = 0")).toMatch(/append-only/);
    expect(await inErasure("UPDATE help_request_event SET actor_id = 3 WHERE actor_id = 1")).toMatch(/append-only/);
    expect(await inErasure("UPDATE help_request_event SET note = 'changed'")).toMatch(/append-only/);
    expect(await inErasure("UPDATE help_request_event SET note = NULL")).toBe("accepted");
    expect(await inErasure("UPDATE security_event SET user_id = NULL, subject_pseudonym = 'erased-y', detail = NULL")).toBe("accepted");
    expect(await inErasure("UPDATE security_event SET kind = 'sign-in', at = 1")).toMatch(/append-only/);
    // An erasure may not delete log rows.
    expect(await inErasure("DELETE FROM care_access_log")).toMatch(/append-only/);
    // Nothing of the rollback leaked: the permission row never exists outside its transaction.
    expect(await count("log_rewrite")).toBe(0);
    expect(await refusal("UPDATE care_access_log SET viewer_id = NULL, viewer_pseudonym = 'erased-x'")).toMatch(/append-only/);
  });

  it("lets the help request hold the anonymised state the CHECKs refused before", async () => {
    const tx = await database.client.transaction("write");
    try {
      await tx.execute(
        `UPDATE help_request SET requester_id = NULL, registered_by_id = NULL, contact_name = NULL, matched_volunteer_id = NULL,
           address = '', public_text = '', private_text = '', anonymised_at = ${T0} WHERE id = 1`,
      );
      // Without the anonymised mark the same state is still refused.
      await expect(
        tx.execute(
          "UPDATE help_request SET requester_id = NULL, registered_by_id = NULL, contact_name = NULL, public_text = '' WHERE id = 2",
        ),
      ).rejects.toThrow(/CHECK constraint failed/);
    } finally {
      await tx.rollback();
    }
  });
});
