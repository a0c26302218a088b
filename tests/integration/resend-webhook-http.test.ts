import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { Webhook } from "svix";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emailSuppression, user, webhookEvent } from "#db/schema";
import { buildWorld, NOW, type WorldIds } from "#tests/support/coordinator-world";
import { html, signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// POST /webhooks/resend over the real HTTP stack: Svix signature on the raw body, each event stored
// once, bad signatures refused with nothing stored, bounces and complaints suppress the address,
// the coordinator sees "may miss reminders", and neither the rate limiter nor the origin check
// stands in the way.

const SECRET = `whsec_${randomBytes(24).toString("base64")}`;
let server: TestServer;
let ids: WorldIds;
let seq = 0;

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW, env: { RESEND_WEBHOOK_SECRET: SECRET } });
  ids = await buildWorld(server.database);
});
afterAll(() => server.close());

/** An event as Resend sends it, signed the way Svix signs (with the real clock: Svix checks it). */
function signed(event: Record<string, unknown>, options: { id?: string; secret?: string } = {}) {
  const id = options.id ?? `msg_test_${Date.now()}_${++seq}`;
  const body = JSON.stringify(event);
  const timestamp = new Date();
  const signature = new Webhook(options.secret ?? SECRET).sign(id, timestamp, body);
  return {
    id,
    body,
    headers: { "svix-id": id, "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)), "svix-signature": signature },
  };
}

function post(url: string, message: { body: string; headers: Record<string, string> }) {
  // As the provider sends it: no cookies, no Origin, JSON body.
  return fetch(`${url}/webhooks/resend`, {
    method: "POST",
    body: message.body,
    headers: { "content-type": "application/json", ...message.headers },
  });
}

const event = (type: string, to: string[], extra: Record<string, unknown> = {}) => ({
  type,
  created_at: "2026-11-28T10:00:00.000Z",
  data: {
    email_id: `re_${++seq}`,
    from: "Noaber <noreply@noaber.test>",
    to,
    subject: "Herinnering: Wandelclub",
    created_at: "2026-11-28T09:59:00.000Z",
    ...extra,
  },
});

const stored = (id: string) => server.database.db.select().from(webhookEvent).where(eq(webhookEvent.id, id));
const suppression = (address: string) => server.database.db.select().from(emailSuppression).where(eq(emailSuppression.address, address));
const emailOf = async (userId: number) =>
  (await server.database.db.select({ email: user.email }).from(user).where(eq(user.id, userId)))[0]!.email;

const coordinatorClient = () => signedInClient(server, ids.coordNorth, NOW);

describe("POST /webhooks/resend", () => {
  test("a validly signed event is stored once, with a minimal payload; a replay answers 200 and changes nothing", async () => {
    const message = signed(event("email.delivered", ["Someone.Else@Example.org"]));
    const first = await post(server.url, message);
    expect(first.status).toBe(200);
    const [row] = await stored(message.id);
    expect(row).toMatchObject({ type: "email.delivered", receivedAt: NOW });
    expect(row!.providerId).toMatch(/^re_/);
    expect(row!.payload).toEqual({ type: "email.delivered", createdAt: "2026-11-28T10:00:00.000Z", recipients: ["s***@example.org"] });
    expect(JSON.stringify(row!.payload)).not.toContain("Wandelclub");

    const replay = await post(server.url, message);
    expect(replay.status).toBe(200);
    expect(await stored(message.id)).toEqual([row]);
    expect(await suppression("someone.else@example.org")).toEqual([]);
  });

  test("a bad or missing signature answers 400 and stores nothing", async () => {
    const good = signed(event("email.bounced", ["victim@example.org"]));
    const cases = [
      { body: good.body, headers: { ...good.headers, "svix-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" } },
      { body: good.body.replace("victim", "other"), headers: good.headers },
      signed(event("email.bounced", ["victim@example.org"]), { id: good.id, secret: `whsec_${randomBytes(24).toString("base64")}` }),
      { body: good.body, headers: {} },
      { body: good.body, headers: { ...good.headers, "svix-timestamp": String(Math.floor(Date.now() / 1000) - 3600) } },
    ];
    for (const message of cases) {
      const response = await post(server.url, message);
      expect(response.status).toBe(400);
    }
    expect(await stored(good.id)).toEqual([]);
    expect(await suppression("victim@example.org")).toEqual([]);
  });

  test("a hard bounce and a complaint suppress the address (lower-cased); a transient bounce does not", async () => {
    const bounce = signed(
      event("email.bounced", ["Bounced.Person@Example.org"], {
        bounce: { type: "Permanent", subType: "General", message: "no such user" },
      }),
    );
    expect((await post(server.url, bounce)).status).toBe(200);
    expect(await suppression("bounced.person@example.org")).toEqual([
      { address: "bounced.person@example.org", reason: "bounce", eventId: bounce.id, createdAt: NOW },
    ]);

    const complaint = signed(event("email.complained", ["Angry <angry@example.org>"]));
    expect((await post(server.url, complaint)).status).toBe(200);
    expect(await suppression("angry@example.org")).toMatchObject([{ reason: "complaint", eventId: complaint.id }]);

    const transient = signed(
      event("email.bounced", ["full.mailbox@example.org"], { bounce: { type: "Transient", subType: "MailboxFull" } }),
    );
    expect((await post(server.url, transient)).status).toBe(200);
    expect(await stored(transient.id)).toHaveLength(1);
    expect(await suppression("full.mailbox@example.org")).toEqual([]);
  });

  test("the coordinator sees that a volunteer whose mail bounced may miss reminders, on the volunteers list and the triage ranking", async () => {
    const client = await coordinatorClient();
    const mark = "Kan herinneringen missen";
    const before = await html(await client.get(`/coordinator/requests/${ids.request}`));
    expect(before).not.toContain(mark);

    const message = signed(event("email.bounced", [await emailOf(ids.vNear)]));
    expect((await post(server.url, message)).status).toBe(200);

    const triage = await html(await client.get(`/coordinator/requests/${ids.request}`));
    expect(triage).toContain(mark);
    const card = triage.slice(triage.indexOf(`value="${ids.vNear}"`) - 600, triage.indexOf(`value="${ids.vNear}"`));
    expect(card).toContain(mark);
    expect(triage.match(new RegExp(mark, "g"))).toHaveLength(1);

    const volunteers = await html(await client.get("/coordinator/volunteers"));
    const nina = volunteers.indexOf("Nina Dichtbij");
    expect(nina).toBeGreaterThan(-1);
    expect(volunteers.slice(nina, nina + 600)).toContain(mark);
    expect(volunteers.match(new RegExp(mark, "g"))).toHaveLength(1);
  });
});

describe("what stands around the endpoint", () => {
  test("without RESEND_WEBHOOK_SECRET the endpoint answers 404 and stores nothing", async () => {
    const bare = await startTestServer({ now: () => NOW });
    try {
      const message = signed(event("email.bounced", ["x@example.org"]));
      expect((await post(bare.url, message)).status).toBe(404);
      expect(await bare.database.db.select().from(webhookEvent)).toEqual([]);
    } finally {
      await bare.close();
    }
  });

  test("the general rate limit does not drop a burst of events, while it still limits other requests", async () => {
    const tight = await startTestServer({
      now: () => NOW,
      env: { RESEND_WEBHOOK_SECRET: SECRET },
      rateLimits: { general: { windowMs: 60_000, limit: 3 }, strict: { windowMs: 60_000, limit: 3 } },
    });
    try {
      for (let i = 0; i < 8; i++) {
        expect((await post(tight.url, signed(event("email.delivered", [`burst${i}@example.org`])))).status).toBe(200);
      }
      expect(await tight.database.db.select().from(webhookEvent)).toHaveLength(8);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${tight.url}/accessibility`)).status);
      expect(statuses).toContain(429);
    } finally {
      await tight.close();
    }
  });
});
