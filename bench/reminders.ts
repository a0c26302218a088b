import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { and, eq, like, sql } from "drizzle-orm";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { emailOutbox } from "#db/schema";
import {
  createActivity,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignupRecord,
  createUser,
} from "~/demo/builders";
import type { Ctx } from "~/domain/context.server";
import { createKeyring } from "~/domain/keyring.server";
import { syncSignupReminders } from "~/domain/notifications/reminders.server";
import { startResendStandIn } from "./lib/resend-stand-in";
import { root } from "./lib/server-process";

/**
 * Issue 5's sending benchmark: 10,000 reminders due at once, sent by the outbox worker as its own
 * process (`npm run worker`, app/server/worker-main.ts) to a local stand-in of the Resend API that
 * allows 2 requests per second. The floor is ceil(10,000 / 100) / 2 = 50 s. Then the same with the
 * worker SIGKILLed halfway and started again: nothing may be lost or sent twice.
 */
const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const RATE = 2;
const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const API_KEY = "re_bench_key";
const APP_URL = "http://127.0.0.1:3000";

/** Real people with real confirmed places; their day-before reminders written by the domain, then made due now. */
export async function seed(file: string, now: number) {
  const database = createDatabase({ url: `file:${file}` });
  await migrateDatabase(database);
  const keys = createKeyring([SECRET]);
  const ctx: Ctx = { database, now: () => now, actor: null, keys, appUrl: APP_URL, defaultTimeZone: "Europe/Amsterdam", locale: "nl" };
  const signupIds: number[] = [];
  await database.write(async (tx) => {
    const municipality = await createMunicipality(tx);
    const neighbourhood = await createNeighbourhood(tx, { municipalityId: municipality.id });
    const organisation = await createOrganisation(tx);
    const activity = await createActivity(tx, {
      organisationId: organisation.id,
      neighbourhoodId: neighbourhood.id,
      title: "Buurtmaaltijd",
    });
    // Sessions two to three days ahead: every reminder still stands when it is sent.
    const sessions = [];
    for (let s = 0; s < 20; s++) {
      sessions.push(await createSession(tx, { activityId: activity.id, startsAt: now + 2 * 86_400_000 + s * 3_600_000, capacity: null }));
    }
    for (let i = 0; i < REMINDERS; i++) {
      const person = await createUser(tx, {
        neighbourhoodId: neighbourhood.id,
        email: `bench-reminder-${i}@example.org`,
        name: `Buurtbewoner ${i}`,
        locale: i % 4 === 0 ? "en" : "nl",
      });
      const place = await createSignupRecord(tx, { sessionId: sessions[i % sessions.length]!.id, userId: person.id, createdAt: now });
      signupIds.push(place.id);
    }
  });
  for (let i = 0; i < signupIds.length; i += 500) {
    await database.write((tx) => syncSignupReminders(ctx, tx, signupIds.slice(i, i + 500)));
  }
  // One reminder per place, all due at once: the day-before ones now, the others out of the way.
  await database.write(async (tx) => {
    await tx.delete(emailOutbox).where(and(eq(emailOutbox.template, "reminder"), like(emailOutbox.idempotencyKey, "%/hours-before")));
    await tx.update(emailOutbox).set({ runAt: now }).where(eq(emailOutbox.template, "reminder"));
  });
  const [counted] = await database.db
    .select({ n: sql<number>`count(*)` })
    .from(emailOutbox)
    .where(eq(emailOutbox.status, "pending"));
  if (Number(counted?.n) !== REMINDERS) throw new Error(`expected ${REMINDERS} due reminders, found ${counted?.n}`);
  return database;
}

function startWorker(file: string, resendUrl: string): ChildProcess {
  // What `npm run worker` runs, without npm's own process in between.
  const child = spawn(process.execPath, ["--import", "tsx", "app/server/worker-main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: `file:${file}`,
      RESEND_API_KEY: API_KEY,
      RESEND_BASE_URL: resendUrl,
      EMAIL_RATE_PER_SECOND: String(RATE),
      APP_URL,
      SESSION_SECRET: SECRET,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // One JSON line per email: read and drop, so the pipe never blocks the worker (BENCH_WORKER_LOG=1 shows warnings and errors).
  child.stdout!.on("data", (chunk: Buffer) => {
    if (!process.env.BENCH_WORKER_LOG) return;
    for (const line of chunk.toString("utf8").split("\n"))
      if (process.env.BENCH_WORKER_LOG === "all" || /"level":"(warn|error)"/.test(line)) console.error(line);
  });
  return child;
}

async function statusCounts(database: Database) {
  const rows = await database.db
    .select({ status: emailOutbox.status, n: sql<number>`count(*)` })
    .from(emailOutbox)
    .groupBy(emailOutbox.status);
  const counts = { pending: 0, sending: 0, sent: 0, dead: 0, cancelled: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

type Counts = Awaited<ReturnType<typeof statusCounts>>;

async function waitFor(database: Database, done: (counts: Counts) => boolean, timeoutMs: number) {
  const t0 = performance.now();
  for (;;) {
    const counts = await statusCounts(database);
    if (done(counts)) return counts;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const finished = (c: Counts) => c.pending === 0 && c.sending === 0;

/**
 * One run. By default the worker starts when the reminders are already due, and the clock runs from
 * its start. With `dueWhileRunning` the worker starts first, with the reminders an hour away, and
 * the clock runs from the moment they all fall due (as in production, where the worker runs all day).
 */
async function run(
  file: string,
  { killAfterBatchCalls, dueWhileRunning }: { killAfterBatchCalls?: number; dueWhileRunning?: boolean } = {},
) {
  let worker: ChildProcess | null = null;
  let killed: { at: number; exited: Promise<unknown> } | null = null;
  let t0 = performance.now();
  const standIn = await startResendStandIn({
    ratePerSecond: RATE,
    apiKey: API_KEY,
    // The worst moment to die: the provider has accepted the batch, the worker has not yet heard
    // back, so its rows are still "sending" with no record that they went out.
    onBatchAccepted: (n) => {
      if (n !== killAfterBatchCalls || !worker || killed) return;
      const dying = worker;
      killed = { at: (performance.now() - t0) / 1000, exited: new Promise((resolve) => dying.once("exit", resolve)) };
      dying.kill("SIGKILL");
    },
  });
  const database = createDatabase({ url: `file:${file}` });
  const keysOf = (await database.db.select({ key: emailOutbox.idempotencyKey }).from(emailOutbox)).map((r) => r.key);
  if (dueWhileRunning) await database.write((tx) => tx.update(emailOutbox).set({ runAt: Date.now() + 3_600_000 }));
  worker = startWorker(file, standIn.url);
  let sentAtKill = 0;
  try {
    if (dueWhileRunning) {
      // Started, connected and idle: it has logged its start and found nothing due for a few polls.
      await new Promise<void>((resolve) =>
        worker!.stdout!.on("data", (chunk: Buffer) => chunk.includes("outbox worker started") && resolve()),
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await database.write((tx) => tx.update(emailOutbox).set({ runAt: Date.now() }));
      t0 = performance.now();
    }
    if (killAfterBatchCalls !== undefined) {
      const deadline = performance.now() + 600_000;
      while (!killed && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!killed) throw new Error("the worker was never killed");
      await (killed as { exited: Promise<unknown> }).exited;
      sentAtKill = (await statusCounts(database)).sent;
      worker = startWorker(file, standIn.url);
    }
    const counts = await waitFor(database, finished, 900_000);
    const seconds = (performance.now() - t0) / 1000;
    const first = standIn.stats.acceptedAt[0] ?? 0;
    const last = standIn.stats.acceptedAt.at(-1) ?? 0;
    const lost = keysOf.filter((key) => !standIn.deliveries.has(key)).length;
    const killedAt = (killed as { at: number } | null)?.at ?? null;
    return {
      seconds,
      providerSeconds: (last - first) / 1000,
      counts,
      stats: { ...standIn.stats },
      lost,
      maxPerSecond: standIn.maxPerSecond(),
      killedAt,
      sentAtKill,
      load: loadavg()[0]!,
    };
  } finally {
    const last = worker;
    if (last.exitCode === null && last.signalCode === null) {
      last.kill("SIGTERM");
      await new Promise((resolve) => last.once("exit", resolve));
    }
    database.close();
    await standIn.close();
  }
}

async function copyOf(database: Database, file: string) {
  await database.client.execute({ sql: "VACUUM INTO ?", args: [file] });
}

export async function benchReminders() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-reminders-"));
  try {
    const seedStarted = performance.now();
    const base = await seed(path.join(dir, "base.db"), Date.now());
    const plain = path.join(dir, "plain.db");
    const running = path.join(dir, "running.db");
    const killed = path.join(dir, "killed.db");
    await copyOf(base, plain);
    await copyOf(base, running);
    await copyOf(base, killed);
    base.close();
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const floor = Math.ceil(REMINDERS / 100) / RATE;
    const a = await run(plain);
    const c = await run(running, { dueWhileRunning: true });
    const b = await run(killed, { killAfterBatchCalls: Math.ceil(REMINDERS / 200) });

    const f = (n: number) => n.toFixed(1);
    console.log(`\n## Reminders at volume (issue 5)\n`);
    console.log(
      `Command: \`npm run bench -- reminders\`. ${REMINDERS.toLocaleString("en")} day-before reminders (real users, sign-ups and reminder rows, the send-time guard passing) due at once; worker = \`app/server/worker-main.ts\` as its own process; Resend stand-in allowing ${RATE} requests/s (429 + retry-after beyond), de-duplicating by Idempotency-Key. Seeding took ${f(seedSeconds)} s.\n`,
    );
    console.log(
      `| run | total s (worker start, or the moment they fall due, → all settled) | provider s (first → last accepted call) | floor s | emails delivered | lost | duplicates | calls accepted | 429s | idempotent replays | max calls in any second | rows sent / dead / cancelled | load avg |`,
    );
    console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|`);
    for (const [label, r] of [
      [`straight through (the worker starts with ${REMINDERS.toLocaleString("en")} due)`, a],
      [`worker already running and idle when all ${REMINDERS.toLocaleString("en")} fall due`, c],
      [
        `SIGKILL right after the provider accepted batch call ${Math.ceil(REMINDERS / 200)} (at ${f(b.killedAt ?? 0)} s, ${b.sentAtKill.toLocaleString("en")} rows recorded sent), then restarted`,
        b,
      ],
    ] as const) {
      console.log(
        `| ${label} | ${f(r.seconds)} | ${f(r.providerSeconds)} | ${floor} | ${r.stats.delivered - r.stats.duplicates} | ${r.lost} | ${r.stats.duplicates} | ${r.stats.acceptedAt.length} | ${r.stats.rateLimited} | ${r.stats.replays} | ${r.maxPerSecond} | ${r.counts.sent} / ${r.counts.dead} / ${r.counts.cancelled} | ${r.load.toFixed(1)} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
