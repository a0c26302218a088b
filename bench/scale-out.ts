import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { startSqld } from "#tests/support/sqld";
import { DEMO_ACCOUNTS } from "~/demo/seed";
import { seedFacilities } from "~/demo/seed-facilities";
import { seedHelpRequests } from "~/demo/seed-help-requests";
import { generateActivityData } from "./lib/activity-data";
import { percentile } from "./lib/load";
import { startServerProcess } from "./lib/server-process";
import { sessionCookies } from "./lib/sessions";

/**
 * Issue 7's load test: the same realistic mix against one instance on the embedded file, one
 * instance on sqld, and two instances on sqld (requests alternate between them), with the
 * Activities benchmark's data volume plus the demo social map. Mix per ten steps: 3× the activity
 * list (with filters), 1× initiatives, 1× a coordinator's ranking, 2× an activity page, 1× the social
 * map (a /map search or a facility page), 1× open shifts (signed in), 1× sign up + cancel.
 */
interface Sample {
  kind: string;
  ms: number;
  ok: boolean;
  status: number;
}

async function generate(file: string, now: number) {
  const database = createDatabase({ url: `file:${file}` });
  await migrateDatabase(database);
  await generateActivityData(database, now);
  // Help requests in every state, so coordinators have requests to rank against ~4,000 volunteers.
  await seedHelpRequests(database, { now, accounts: DEMO_ACCOUNTS });
  // The demo social map (44 facilities with hours and cooperation), for /map and facility pages.
  await seedFacilities(database, { now });
  database.close();
}

async function prepare(database: Database, now: number) {
  const future = (
    await database.client.execute({
      sql: "SELECT id, activity_id FROM activity_session WHERE starts_at > ? AND capacity IS NOT NULL ORDER BY id LIMIT 400",
      args: [now + 86_400_000],
    })
  ).rows.map((r) => ({ sessionId: Number(r.id), activityId: Number(r.activity_id) }));
  const people = (await database.client.execute("SELECT id FROM user WHERE email LIKE 'bench%' ORDER BY id DESC LIMIT 200")).rows.map((r) =>
    Number(r.id),
  );
  const volunteer = Number(
    (await database.client.execute("SELECT user_id FROM volunteer_profile WHERE travel_range = 'municipality' LIMIT 1")).rows[0]!.user_id,
  );
  const coordinator = Number(
    (await database.client.execute({ sql: "SELECT id FROM user WHERE email = ?", args: [DEMO_ACCOUNTS.coordinator] })).rows[0]!.id,
  );
  const requests = (
    await database.client.execute("SELECT id FROM help_request WHERE status IN ('submitted', 'open', 'asked') ORDER BY id")
  ).rows.map((r) => Number(r.id));
  const facilities = (await database.client.execute("SELECT id FROM facility_service ORDER BY id")).rows.map((r) => Number(r.id));
  const cookies = await sessionCookies(database, [...people, volunteer, coordinator], now);
  return {
    future,
    requests,
    facilities,
    cookies: cookies.slice(0, -2),
    volunteerCookie: cookies.at(-2)!,
    coordinatorCookie: cookies.at(-1)!,
  };
}

async function runMix(
  urls: string[],
  data: Awaited<ReturnType<typeof prepare>>,
  { concurrency, steps }: { concurrency: number; steps: number },
) {
  const samples: Sample[] = [];
  let next = 0;
  const categories = ["", "?category=sports", "?category=culture&needsVolunteers=on", "?targetGroup=older-people"];
  const mapSearches = [
    "",
    "?category=mental-health",
    "?q=buurt&noWaitingList=on",
    "?openNow=on",
    "?language=ar",
    "?targetGroup=youth&category=youth-care",
  ];
  const timed = async (kind: string, url: string, init?: RequestInit) => {
    const t0 = performance.now();
    try {
      const response = await fetch(url, { redirect: "manual", ...init });
      const body = await response.text();
      samples.push({ kind, ms: performance.now() - t0, ok: response.status < 400, status: response.status });
      return { response, body };
    } catch {
      samples.push({ kind, ms: performance.now() - t0, ok: false, status: 0 });
      return null;
    }
  };
  async function client(clientId: number) {
    while (next < steps) {
      const i = next++;
      const base = urls[i % urls.length]!;
      const target = data.future[i % data.future.length]!;
      const step = i % 10;
      if (step < 3) await timed("list", `${base}/activities${categories[i % categories.length]}`);
      else if (step === 3) await timed("initiatives", `${base}/initiatives`);
      else if (step === 4) {
        await timed("coordinator-ranking", `${base}/coordinator/requests/${data.requests[i % data.requests.length]}`, {
          headers: { cookie: data.coordinatorCookie },
        });
      } else if (step < 7) await timed("activity", `${base}/activities/${target.activityId}`);
      else if (step === 7) {
        if (i % 20 < 10) await timed("map", `${base}/map${mapSearches[i % mapSearches.length]}`);
        else await timed("facility", `${base}/facilities/${data.facilities[i % data.facilities.length]}`);
      } else if (step === 8) await timed("open-shifts", `${base}/activities/open-shifts`, { headers: { cookie: data.volunteerCookie } });
      else {
        const cookie = data.cookies[(clientId * 7 + i) % data.cookies.length]!;
        // Each instance here has its own origin (port); behind a load balancer they would share one.
        const post = (url: string, body: string) =>
          timed(url.includes("/signups/") ? "cancel" : "sign-up", url, {
            method: "POST",
            headers: { cookie, origin: new URL(url).origin, "content-type": "application/x-www-form-urlencoded" },
            body,
          });
        await post(`${base}/activities/${target.activityId}`, `intent=signup&sessionId=${target.sessionId}`);
        // The other instance serves the follow-up when there are two: sessions are shared.
        const other = urls[(i + 1) % urls.length]!;
        const page = await timed("activity", `${other}/activities/${target.activityId}`, { headers: { cookie } });
        const signupId = page?.body.match(/action="\/signups\/(\d+)"/)?.[1];
        if (signupId) await post(`${other}/signups/${signupId}`, `intent=cancel&returnTo=/activities/${target.activityId}`);
      }
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, c) => client(c)));
  return { samples, seconds: (performance.now() - t0) / 1000 };
}

function summarise(label: string, run: Awaited<ReturnType<typeof runMix>>) {
  const all = run.samples.map((s) => s.ms).sort((a, b) => a - b);
  const ranking = run.samples
    .filter((s) => s.kind === "coordinator-ranking")
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const write = run.samples
    .filter((s) => s.kind === "sign-up" || s.kind === "cancel")
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const map = run.samples
    .filter((s) => s.kind === "map" || s.kind === "facility")
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const failed = run.samples.filter((s) => !s.ok);
  const errors = failed.length;
  if (errors > 0) {
    const counts = new Map<string, number>();
    for (const s of failed) counts.set(`${s.kind} ${s.status}`, (counts.get(`${s.kind} ${s.status}`) ?? 0) + 1);
    const byKind = [...counts].map(([k, n]) => `${k}: ${n}`);
    console.log(`${label}: errors by request and status: ${byKind.join(", ")}`);
  }
  const f = (n: number) => n.toFixed(1);
  return `| ${label} | ${run.samples.length} | ${errors} | ${f(run.samples.length / run.seconds)} | ${f(percentile(all, 50))} | ${f(percentile(all, 95))} | ${f(percentile(all, 99))} | ${f(percentile(write, 50))} | ${f(percentile(write, 95))} | ${f(percentile(ranking, 50))} | ${f(percentile(ranking, 95))} | ${f(percentile(map, 50))} | ${f(percentile(map, 95))} |`;
}

export async function benchScaleOut() {
  const now = Date.now();
  const concurrency = 20;
  const steps = 1500;
  const rows: string[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-scale-"));
  try {
    // The seed refuses a server, so the data is generated in a file once; sqld starts from a copy.
    const file = path.join(dir, "one.db");
    await generate(file, now);
    const snapshot = path.join(dir, "snapshot.db");
    {
      const database = createDatabase({ url: `file:${file}` });
      await database.client.execute({ sql: "VACUUM INTO ?", args: [snapshot] });
      database.close();
    }
    {
      const url = `file:${file}`;
      const database = createDatabase({ url });
      const data = await prepare(database, now);
      database.close();
      const server = await startServerProcess({ DATABASE_URL: url, RUN_WORKER: "true" });
      try {
        await runMix([server.url], data, { concurrency, steps: 100 });
        rows.push(summarise("1 instance, embedded file", await runMix([server.url], data, { concurrency, steps })));
      } finally {
        await server.stop();
      }
    }
    const sqld = await startSqld({ fromFile: snapshot });
    try {
      const database = createDatabase({ url: sqld.url });
      const data = await prepare(database, now);
      database.close();
      const one = await startServerProcess({ DATABASE_URL: sqld.url, RUN_WORKER: "true" });
      try {
        await runMix([one.url], data, { concurrency, steps: 100 });
        rows.push(summarise("1 instance, sqld", await runMix([one.url], data, { concurrency, steps })));
        const two = await startServerProcess({ DATABASE_URL: sqld.url, RUN_WORKER: "true" });
        try {
          await runMix([one.url, two.url], data, { concurrency, steps: 100 });
          rows.push(summarise("2 instances, sqld", await runMix([one.url, two.url], data, { concurrency, steps })));
        } finally {
          await two.stop();
        }
      } finally {
        await one.stop();
      }
    } finally {
      await sqld.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n## Scale-out load test (${concurrency} clients, ${steps} steps of the mix; 2,000 activities, 50,000 sessions, 200,000 sign-ups)\n`,
  );
  console.log(
    "| configuration | requests | errors | req/s | p50 ms | p95 ms | p99 ms | sign-up/cancel p50 ms | sign-up/cancel p95 ms | ranking p50 ms | ranking p95 ms | social map p50 ms | social map p95 ms |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) console.log(row);
}
