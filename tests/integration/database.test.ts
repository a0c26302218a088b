import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, createLock, isLocalUrl, migrateDatabase, migrationsFolder, type Database } from "#db/client";
import {
  emailOutbox,
  municipality,
  neighbourhood,
  neighbourhoodPostcode,
  organisation,
  organisationMembership,
  roleGrant,
  user,
} from "#db/schema";
import { DEMO_ACCOUNTS, DEMO_NEIGHBOURHOODS, SeedRefused, seedDatabase } from "~/demo/seed";
import { createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";

/** Runs `fn`, expects it to fail, and returns the messages of the error and its causes. */
async function failure(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(" <- ");
  }
  throw new Error("expected the statement to be refused");
}

describe("migrations", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => await database.cleanup());

  it("create every table in a fresh file", async () => {
    const { rows } = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    const tables = rows.map((r) => String(r.name));
    for (const table of [
      "user",
      "consent",
      "municipality",
      "neighbourhood",
      "neighbourhood_postcode",
      "role_grant",
      "organisation",
      "organisation_membership",
      "session",
      "login_token",
      "rate_limit_hit",
      "email_outbox",
      "mailbox_message",
    ]) {
      expect(tables).toContain(table);
    }
  });

  it("record themselves and are not applied twice", async () => {
    const committed = (JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: unknown[] })
      .entries.length;
    expect(committed).toBeGreaterThanOrEqual(1);
    const applied = await database.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(applied.rows[0]!.n)).toBe(committed);
    await migrateDatabase(database);
    const again = await database.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
    expect(Number(again.rows[0]!.n)).toBe(committed);
  });

  it("leave the file in WAL mode with foreign keys enforced", async () => {
    const mode = await database.client.execute("PRAGMA journal_mode");
    expect(String(mode.rows[0]!.journal_mode).toLowerCase()).toBe("wal");
    const message = await failure(() =>
      database.write((tx) =>
        tx.insert(user).values({ email: "nobody@example.org", name: "Nobody", postcode: "1234AB", neighbourhoodId: 999_999, createdAt: 0 }),
      ),
    );
    expect(message).toMatch(/FOREIGN KEY constraint failed/);
  });
});

describe("constraints", () => {
  let database: TestDatabase;
  let areaId: number;
  let userId: number;
  beforeAll(async () => {
    database = await createTestDatabase();
    const created = await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      const area = await createNeighbourhood(tx, { municipalityId: town.id });
      const person = await createUser(tx, { neighbourhoodId: area.id });
      return { areaId: area.id, userId: person.id };
    });
    ({ areaId, userId } = created);
  });
  afterAll(async () => await database.cleanup());

  const validUser = () => ({
    email: `ok-${Math.random().toString(36).slice(2)}@example.org`,
    name: "Anna",
    postcode: "7511AB",
    neighbourhoodId: areaId,
    createdAt: 0,
  });

  it("accept a valid user (the baseline the refusals below differ from)", async () => {
    await database.write((tx) => tx.insert(user).values(validUser()));
  });

  it.each([
    ["an uppercase email", { email: "Anna@Example.org" }, "user_email_normalised"],
    ["an email with surrounding spaces", { email: " anna@example.org" }, "user_email_normalised"],
    ["an email without a local part", { email: "@example.org" }, "user_email_normalised"],
    ["a blank name", { name: "   " }, "user_name_not_blank"],
    ["a postcode without letters", { postcode: "7511" }, "user_postcode_format"],
    ["a postcode with lowercase letters", { postcode: "7511ab" }, "user_postcode_format"],
    ["a postcode starting with 0", { postcode: "0123AB" }, "user_postcode_format"],
    ["a postcode with a space", { postcode: "7511 AB" }, "user_postcode_format"],
    ["an unknown locale", { locale: "de" as "nl" }, "user_locale_known"],
  ])("refuse a user with %s", async (_, override, constraint) => {
    const message = await failure(() => database.write((tx) => tx.insert(user).values({ ...validUser(), ...override })));
    expect(message).toContain(`CHECK constraint failed: ${constraint}`);
  });

  it("refuse a second user with the same email", async () => {
    const values = validUser();
    await database.write((tx) => tx.insert(user).values(values));
    const message = await failure(() => database.write((tx) => tx.insert(user).values({ ...validUser(), email: values.email })));
    expect(message).toMatch(/UNIQUE constraint failed: user\.email/);
  });

  it("refuse a coordinator grant without a neighbourhood", async () => {
    const message = await failure(() => database.write((tx) => tx.insert(roleGrant).values({ userId, role: "coordinator", grantedAt: 0 })));
    expect(message).toContain("CHECK constraint failed: role_grant_scope");
  });

  it("refuse an admin grant with a neighbourhood", async () => {
    const message = await failure(() =>
      database.write((tx) => tx.insert(roleGrant).values({ userId, role: "admin", neighbourhoodId: areaId, grantedAt: 0 })),
    );
    expect(message).toContain("CHECK constraint failed: role_grant_scope");
  });

  it("accept one admin grant and one coordinator grant per neighbourhood, and no duplicates", async () => {
    await database.write(async (tx) => {
      await tx.insert(roleGrant).values({ userId, role: "admin", grantedAt: 0 });
      await tx.insert(roleGrant).values({ userId, role: "coordinator", neighbourhoodId: areaId, grantedAt: 0 });
    });
    expect(await failure(() => database.write((tx) => tx.insert(roleGrant).values({ userId, role: "admin", grantedAt: 1 })))).toMatch(
      /UNIQUE constraint failed/,
    );
    expect(
      await failure(() =>
        database.write((tx) => tx.insert(roleGrant).values({ userId, role: "coordinator", neighbourhoodId: areaId, grantedAt: 1 })),
      ),
    ).toMatch(/UNIQUE constraint failed/);
  });

  it.each(["0123", "123", "12345", "12a4"])("refuse neighbourhood postcode area %j", async (postcode) => {
    const message = await failure(() =>
      database.write((tx) => tx.insert(neighbourhoodPostcode).values({ postcode, neighbourhoodId: areaId })),
    );
    expect(message).toContain("CHECK constraint failed: neighbourhood_postcode_format");
  });

  it("accept a valid neighbourhood postcode area", async () => {
    await database.write((tx) => tx.insert(neighbourhoodPostcode).values({ postcode: "9999", neighbourhoodId: areaId }));
    const [row] = await database.db.select().from(neighbourhoodPostcode).where(eq(neighbourhoodPostcode.postcode, "9999"));
    expect(row?.neighbourhoodId).toBe(areaId);
  });

  it("refuse an organisation slug with capitals and an unknown membership role", async () => {
    expect(
      await failure(() =>
        database.write((tx) => tx.insert(organisation).values({ slug: "Sport-Club", name: "Sport", kind: "sports", createdAt: 0 })),
      ),
    ).toContain("CHECK constraint failed: organisation_slug_format");
    const [club] = await database.write((tx) =>
      tx.insert(organisation).values({ slug: "sport-club", name: "Sport", kind: "sports", createdAt: 0 }).returning(),
    );
    expect(
      await failure(() =>
        database.write((tx) =>
          tx.insert(organisationMembership).values({ organisationId: club!.id, userId, role: "owner" as "admin", createdAt: 0 }),
        ),
      ),
    ).toContain("CHECK constraint failed: organisation_membership_role_known");
  });

  it("roll back the whole transaction when one statement fails", async () => {
    const email = "half-done@example.org";
    await failure(() =>
      database.write(async (tx) => {
        await tx.insert(user).values({ ...validUser(), email });
        await tx.insert(roleGrant).values({ userId, role: "coordinator", grantedAt: 0 });
      }),
    );
    expect(await database.db.select().from(user).where(eq(user.email, email))).toEqual([]);
  });
});

describe("write lock", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.client.execute("CREATE TABLE test_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
    await database.client.execute("INSERT INTO test_counter (id, n) VALUES (1, 0)");
  });
  afterAll(async () => await database.cleanup());

  it("serialises 50 concurrent read-then-increment transactions: no lost update, no SQLITE_BUSY", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        database.write(async (tx) => {
          const [row] = await tx.all<{ n: number }>(sql`SELECT n FROM test_counter WHERE id = 1`);
          // Give every other caller the chance to run between the read and the write.
          await new Promise((resolve) => setImmediate(resolve));
          await tx.run(sql`UPDATE test_counter SET n = ${row!.n + 1} WHERE id = 1`);
          return row!.n;
        }),
      ),
    );
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const seen = results.map((r) => (r as PromiseFulfilledResult<number>).value);
    // FIFO: each transaction saw the value the previous one wrote.
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const { rows } = await database.client.execute("SELECT n FROM test_counter WHERE id = 1");
    expect(Number(rows[0]!.n)).toBe(50);
  });

  it("keeps going after a transaction fails, and rolls that one back", async () => {
    const before = Number((await database.client.execute("SELECT n FROM test_counter WHERE id = 1")).rows[0]!.n);
    const results = await Promise.allSettled([
      database.write((tx) => tx.run(sql`UPDATE test_counter SET n = n + 1 WHERE id = 1`)),
      database.write(async (tx) => {
        await tx.run(sql`UPDATE test_counter SET n = n + 100 WHERE id = 1`);
        throw new Error("boom");
      }),
      database.write((tx) => tx.run(sql`UPDATE test_counter SET n = n + 1 WHERE id = 1`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const after = Number((await database.client.execute("SELECT n FROM test_counter WHERE id = 1")).rows[0]!.n);
    expect(after).toBe(before + 2);
  });
});

describe("createLock", () => {
  it("runs holders one at a time in call order, even after one fails", async () => {
    const withLock = createLock();
    const events: string[] = [];
    const task = (name: string, fail = false) =>
      withLock(async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task("a"), task("b", true), task("c")]);
    expect(events).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});

describe("isLocalUrl", () => {
  it("treats only files and :memory: as local", () => {
    expect(isLocalUrl("file:./data/noaber.db")).toBe(true);
    expect(isLocalUrl(":memory:")).toBe(true);
    expect(isLocalUrl("http://127.0.0.1:8080")).toBe(false);
    expect(isLocalUrl("libsql://noaber.turso.io")).toBe(false);
  });
});

describe("seed", () => {
  // Always a local file: the seed refuses a libSQL server by design, also when the rest of the
  // suite runs against sqld.
  let database: Database;
  let dir: string;
  const now = Date.UTC(2026, 2, 2, 9, 0);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "noaber-seed-"));
    database = createDatabase({ url: `file:${path.join(dir, "seed.db")}` });
    await migrateDatabase(database);
  });
  afterAll(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (table: Parameters<typeof database.db.$count>[0]) => database.db.$count(table);

  it("fills an empty database with the demo municipality and a user for every role", async () => {
    expect(await seedDatabase(database, { now })).toEqual({ seeded: true });

    expect(await count(municipality)).toBe(1);
    const areas = await database.db.select().from(neighbourhood);
    expect(areas.length).toBeGreaterThanOrEqual(6);
    expect(areas.map((a) => a.slug).sort()).toEqual(DEMO_NEIGHBOURHOODS.map((n) => n.slug).sort());
    const postcodes = await database.db.select().from(neighbourhoodPostcode);
    for (const area of areas) expect(postcodes.some((p) => p.neighbourhoodId === area.id)).toBe(true);

    const users = await database.db.select().from(user);
    const byEmail = new Map(users.map((u) => [u.email, u]));
    for (const email of Object.values(DEMO_ACCOUNTS)) expect(byEmail.has(email)).toBe(true);
    // Everyone but the fictional history people of the signals seed (app/demo/seed-signals.ts) joined "now".
    expect(users.filter((u) => !u.email.startsWith("historie-")).every((u) => u.createdAt === now)).toBe(true);

    const grants = await database.db.select().from(roleGrant);
    const adminId = byEmail.get(DEMO_ACCOUNTS.admin)!.id;
    const coordinatorId = byEmail.get(DEMO_ACCOUNTS.coordinator)!.id;
    expect(grants.filter((g) => g.role === "admin").map((g) => g.userId)).toEqual([adminId]);
    const coordinated = grants.filter((g) => g.role === "coordinator");
    expect(coordinated.length).toBeGreaterThan(0);
    expect(coordinated.every((g) => g.userId === coordinatorId && g.neighbourhoodId !== null)).toBe(true);

    const memberships = await database.db.select().from(organisationMembership);
    expect(memberships).toContainEqual(
      expect.objectContaining({ userId: byEmail.get(DEMO_ACCOUNTS.organisationAdmin)!.id, role: "admin" }),
    );
    expect(memberships).toContainEqual(
      expect.objectContaining({ userId: byEmail.get(DEMO_ACCOUNTS.organisationMember)!.id, role: "member" }),
    );

    // Plain residents hold no grant and no membership.
    for (const email of [DEMO_ACCOUNTS.volunteer, DEMO_ACCOUNTS.carer]) {
      const id = byEmail.get(email)!.id;
      expect(grants.some((g) => g.userId === id)).toBe(false);
      expect(memberships.some((m) => m.userId === id)).toBe(false);
    }
    expect(await count(organisation)).toBeGreaterThanOrEqual(1);
  });

  it("grows a living neighbourhood: recurring and one-off activities, shifts partly filled, a waitlist, no mail", async () => {
    const rows = await database.client.execute(`
      SELECT a.title,
        count(DISTINCT s.id) AS sessions,
        (SELECT count(*) FROM signup g JOIN activity_session x ON x.id = g.session_id WHERE x.activity_id = a.id AND g.status = 'waitlisted') AS waitlisted,
        (SELECT count(*) FROM signup g JOIN activity_session x ON x.id = g.session_id WHERE x.activity_id = a.id AND g.shift_id IS NOT NULL AND g.status = 'confirmed') AS volunteers,
        (SELECT coalesce(sum(needed), 0) FROM shift h JOIN activity_session x ON x.id = h.session_id WHERE x.activity_id = a.id) AS places
      FROM activity a JOIN activity_session s ON s.activity_id = a.id GROUP BY a.id`);
    const activities = rows.rows.map((r) => ({
      sessions: Number(r.sessions),
      waitlisted: Number(r.waitlisted),
      volunteers: Number(r.volunteers),
      places: Number(r.places),
    }));
    expect(activities.length).toBeGreaterThanOrEqual(5);
    expect(activities.some((a) => a.sessions === 1)).toBe(true);
    expect(activities.filter((a) => a.sessions > 1).length).toBeGreaterThanOrEqual(3);
    expect(activities.some((a) => a.waitlisted > 0)).toBe(true);
    expect(activities.some((a) => a.volunteers > 0 && a.volunteers < a.places)).toBe(true);
    // Only the signals seed's past-year history lies before "now"; the living neighbourhood is ahead.
    const sessions = await database.client.execute(
      "SELECT min(s.starts_at) AS first FROM activity_session s JOIN activity a ON a.id = s.activity_id WHERE a.title NOT LIKE '%(afgelopen jaar)'",
    );
    expect(Number(sessions.rows[0]!.first)).toBeGreaterThan(now);
    expect(await count(emailOutbox)).toBe(0);
  });

  it("does nothing the second time", async () => {
    const before = await Promise.all(
      [user, neighbourhood, neighbourhoodPostcode, roleGrant, organisation, organisationMembership].map(count),
    );
    expect(await seedDatabase(database, { now: now + 1000 })).toEqual({ seeded: false });
    const after = await Promise.all(
      [user, neighbourhood, neighbourhoodPostcode, roleGrant, organisation, organisationMembership].map(count),
    );
    expect(after).toEqual(before);
  });

  it("refuses a database that is not local", async () => {
    // Creating a client does not connect, so nothing is listening on this port or needs to be.
    const remote = createDatabase({ url: "http://127.0.0.1:1" });
    try {
      expect(remote.isLocal).toBe(false);
      await expect(seedDatabase(remote, { now })).rejects.toBeInstanceOf(SeedRefused);
      await expect(seedDatabase(remote, { now })).rejects.toThrow(/non-local/);
    } finally {
      remote.close();
    }
  });
});
