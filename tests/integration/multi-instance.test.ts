import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDatabase, migrateDatabase, migrationsFolder, type Database } from "#db/client";
import type { Ctx } from "~/domain/context.server";
import { enqueueEmail } from "~/domain/notifications/outbox.server";
import { signUp } from "~/domain/activities/signups.server";
import { createActivity, createOrganisation, createSession, createUser } from "~/demo/builders";
import { createResendMock } from "#tests/mocks/resend";
import { ctxAs } from "#tests/support/ctx";
import { createBrowserlessClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";
import { requestSignInMail, resendEnv, resendWorker, seedResident } from "#tests/support/sign-in";
import { startSqld } from "#tests/support/sqld";

// Several app instances on one libSQL server (sqld), as in a multi-instance deployment.

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: unknown[] };

describe("migrations", () => {
  test("two instances starting at once: both succeed, each migration is applied once", async () => {
    const sqld = await startSqld();
    const a = createDatabase({ url: sqld.url });
    const b = createDatabase({ url: sqld.url });
    try {
      await Promise.all([migrateDatabase(a), migrateDatabase(b)]);
      const applied = await a.client.execute("SELECT count(*) AS n FROM __drizzle_migrations");
      expect(Number(applied.rows[0]!.n)).toBe(journal.entries.length);
      const tables = await b.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'signup'");
      expect(tables.rows).toHaveLength(1);
    } finally {
      a.close();
      b.close();
      await sqld.stop();
    }
  });
});

describe("two app instances on one sqld", () => {
  const mock = createResendMock();
  let sqld: Awaited<ReturnType<typeof startSqld>>;
  let dbA: Database;
  let dbB: Database;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    mock.server.listen({
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== "127.0.0.1") print.error();
      },
    });
    sqld = await startSqld();
    dbA = createDatabase({ url: sqld.url });
    dbB = createDatabase({ url: sqld.url });
    await Promise.all([migrateDatabase(dbA), migrateDatabase(dbB)]);
    const limits = { general: { windowMs: 60_000, limit: 10_000 }, strict: { windowMs: 15 * 60_000, limit: 6 } };
    a = await startTestServer({ database: dbA, env: resendEnv, rateLimits: limits });
    b = await startTestServer({ database: dbB, env: resendEnv, rateLimits: limits });
    await seedResident(a, { email: "anna@example.org", name: "Anna de Vries" });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    dbA.close();
    dbB.close();
    await sqld.stop();
    mock.server.close();
  });

  test("a session started on one instance works on the other, and logout on one ends it on both", async () => {
    const onA = createBrowserlessClient(a.url);
    const { code } = await requestSignInMail(onA, resendWorker(a, Date.now), mock, "anna@example.org");
    // The code is typed into the other instance (a load balancer may send the next request anywhere).
    const onB = createBrowserlessClient(b.url);
    const signedIn = await onB.post("/login", { intent: "code", email: "anna@example.org", code: code! });
    expect(signedIn.status).toBe(302);
    const cookie = `noaber_session=${onB.jar.get("noaber_session")}`;
    for (const server of [a, b]) {
      const me = await fetch(`${server.url}/me`, { headers: { cookie }, redirect: "manual" });
      expect(me.status).toBe(200);
    }
    await fetch(`${a.url}/logout`, { method: "POST", headers: { cookie, origin: a.url } });
    const after = await fetch(`${b.url}/me`, { headers: { cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
  });

  test("outbox workers on both instances send every email exactly once", async () => {
    mock.reset();
    const ctx = await ctxAs(dbA, null, { now: Date.now, keys: a.services.keys, appUrl: a.url });
    const count = 40;
    await dbA.write(async (tx) => {
      for (let i = 0; i < count; i++) {
        await enqueueEmail(ctx, tx, {
          template: "sign-in",
          idempotencyKey: `sign-in/multi-${i}`,
          to: `multi${i}@example.org`,
          locale: "nl",
          timeZone: "Europe/Amsterdam",
          props: { name: null, expiresInMinutes: 10 },
          secrets: { link: `${a.url}/login/verify?token=multi${i}`, code: "ABCDEF" },
        });
      }
    });
    const workers = [resendWorker(a, Date.now), resendWorker(b, Date.now)];
    const drain = async (worker: (typeof workers)[number]) => {
      let handled = 0;
      for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) handled += n;
      return handled;
    };
    const handled = await Promise.all(workers.map(drain));
    expect(handled[0]! + handled[1]!).toBe(count);
    expect(mock.sent).toHaveLength(count);
    expect(new Set(mock.requests.map((r) => r.idempotencyKey)).size).toBe(count);
    expect(mock.requests).toHaveLength(count);
  });

  test("two people taking the last place through different instances: one place, one waitlist entry", async () => {
    const ids = await dbA.write(async (tx) => {
      const area = await tx.query.neighbourhood.findFirst();
      const organisation = await createOrganisation(tx);
      const activity = await createActivity(tx, { organisationId: organisation.id, neighbourhoodId: area!.id });
      const session = await createSession(tx, { activityId: activity.id, startsAt: Date.now() + 86_400_000, capacity: 1 });
      const p1 = await createUser(tx, { neighbourhoodId: area!.id });
      const p2 = await createUser(tx, { neighbourhoodId: area!.id });
      return { session: session.id, p1: p1.id, p2: p2.id };
    });
    const ctxOn = (database: Database, userId: number): Promise<Ctx> =>
      ctxAs(database, userId, { now: Date.now, keys: a.services.keys, appUrl: a.url });
    const results = await Promise.all([
      signUp({ ctx: await ctxOn(dbA, ids.p1), input: { sessionId: ids.session, shiftId: null } }),
      signUp({ ctx: await ctxOn(dbB, ids.p2), input: { sessionId: ids.session, shiftId: null } }),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(["confirmed", "waitlisted"]);
  });

  test("rate limits hold across instances: the strict tier counts hits on both", async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const server = i % 2 === 0 ? a : b;
      statuses.push((await createBrowserlessClient(server.url).post("/login", { intent: "request", email: `rl${i}@example.org` })).status);
    }
    // 6 allowed in total; the session test above used 2 of them (the mail request on A, the code on B).
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
  });
});
