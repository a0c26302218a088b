import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRemixStub } from "@remix-run/testing";
import { renderToString } from "react-dom/server";
import { createDatabase, migrateDatabase } from "#db/client";
import { loadEnv } from "~/server/env.server";
import { getT } from "~/locales/i18n.server";
import { TranslationProvider } from "~/locales/i18n-react";
import { createServices } from "~/server/services.server";
import "./lib/css-url-hook";
import { listOpenShiftsForMe } from "~/domain/activities";
import { getRequestState } from "~/web/request.server";
import { generateActivityData } from "./lib/activity-data";
import { loaderBreakdown } from "./lib/loader-breakdown";
import { BENCH_SECRET, sessionCookies } from "./lib/sessions";
import { percentile, printTable, runLoad, type LoadResult } from "./lib/load";
import { startServerProcess } from "./lib/server-process";

const HOUR = 3_600_000;

/** Issue 3's benchmarks: the activity list and open shifts at municipality volume, and a sign-up rush. */
export async function benchActivities() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-activities-"));
  const url = `file:${path.join(dir, "activities.db")}`;
  const now = Date.now();
  const { default: ActivitiesPage, loader: activitiesLoader } = await import("~/routes/activities._index");
  const { loader: openShiftsLoader } = await import("~/routes/activities.open-shifts");
  try {
    const database = createDatabase({ url });
    await migrateDatabase(database);
    const t0 = performance.now();
    const volume = await generateActivityData(database, now);
    console.log(`\nData: ${JSON.stringify(volume)} generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // A volunteer who can travel the whole municipality, with a valid VOG and broad availability.
    const [volunteer] = (
      await database.client.execute(
        "SELECT user_id FROM volunteer_profile WHERE travel_range = 'municipality' AND vog_status = 'valid' LIMIT 1",
      )
    ).rows;
    const volunteerId = Number(volunteer!.user_id);
    await database.client.execute({
      sql: "INSERT INTO volunteer_availability (user_id, weekday, start_time, end_time) SELECT ?, value, '08:00', '23:00' FROM json_each('[1,2,3,4,5,6,7]')",
      args: [volunteerId],
    });
    const [volunteerCookie] = await sessionCookies(database, [volunteerId], now);

    // The rush: one session with 20 places and 500 people wanting one.
    const rush = await database.write(async (tx) => {
      const activity = (
        await tx.run(`INSERT INTO activity (organisation_id, title, description, category, address, neighbourhood_id, target_groups, time_zone, created_at, updated_at)
        SELECT organisation_id, 'Kerstdiner', 'Samen eten', 'social', 'Buurthuis', neighbourhood_id, '["everyone"]', 'Europe/Amsterdam', ${now}, ${now} FROM activity LIMIT 1 RETURNING id`)
      ).rows[0]!;
      const session = (
        await tx.run(`INSERT INTO activity_session (activity_id, occurrence_date, starts_at, ends_at, capacity, updated_at)
        VALUES (${activity.id}, date(${now + 72 * HOUR} / 1000, 'unixepoch'), ${now + 72 * HOUR}, ${now + 75 * HOUR}, 20, ${now}) RETURNING id`)
      ).rows[0]!;
      return { activityId: Number(activity.id), sessionId: Number(session.id) };
    });
    const rushUsers = (await database.client.execute("SELECT id FROM user WHERE email LIKE 'bench%' ORDER BY id LIMIT 500")).rows.map((r) =>
      Number(r.id),
    );
    const rushCookies = await sessionCookies(database, rushUsers, now);

    // The floor: rendering the /activities page component with its loader data, no HTTP, no loader.
    const env = loadEnv({ NODE_ENV: "production", SESSION_SECRET: BENCH_SECRET, APP_URL: "http://127.0.0.1", LOCAL_MAILBOX: "true" });
    const services = createServices({ env, database, logger: { log: () => undefined } });
    await loaderBreakdown({
      database,
      context: { services, cspNonce: "", clientIp: "127.0.0.1" },
      loader: activitiesLoader,
      now,
      steps: true,
      urls: [
        { label: "/activities", url: "http://127.0.0.1/activities" },
        { label: "/activities?category=sports&needsVolunteers=on", url: "http://127.0.0.1/activities?category=sports&needsVolunteers=on" },
      ],
    });
    const volunteerRequest = () => new Request("http://127.0.0.1/activities/open-shifts", { headers: { cookie: volunteerCookie! } });
    // A context per request, as the server makes one: the session is resolved again each time.
    const volunteerCtx = async () => (await getRequestState(volunteerRequest(), { services, cspNonce: "", clientIp: "127.0.0.1" })).ctx;
    const signedIn = await volunteerCtx();
    await loaderBreakdown({
      database,
      context: { services, cspNonce: "", clientIp: "127.0.0.1" },
      loader: openShiftsLoader,
      now,
      title: "Where the open shifts loader's time goes",
      extra: [
        { label: "resolve the volunteer's session (every signed-in request)", run: volunteerCtx },
        {
          label: "open shifts alone (listOpenShiftsForMe: the volunteer's facts, then the candidates)",
          run: () => listOpenShiftsForMe({ ctx: signedIn, input: {} }),
        },
      ],
      urls: [
        {
          label: "/activities/open-shifts (signed in)",
          url: "http://127.0.0.1/activities/open-shifts",
          headers: { cookie: volunteerCookie! },
        },
      ],
    });
    const loaded = (await activitiesLoader({
      request: new Request("http://127.0.0.1/activities"),
      context: { services, cspNonce: "", clientIp: "127.0.0.1" },
      params: {},
    })) as unknown as { data: unknown };
    const Stub = createRemixStub([
      {
        id: "routes/activities._index",
        path: "/activities",
        Component: ActivitiesPage,
        loader: () => loaded.data as Record<string, unknown>,
      },
    ]);
    const render = () =>
      renderToString(
        <TranslationProvider value={{ t: getT("nl"), locale: "nl" }}>
          <Stub initialEntries={["/activities"]} hydrationData={{ loaderData: { "routes/activities._index": loaded.data } }} />
        </TranslationProvider>,
      );
    // The stub is a browser router: React warns that its layout effects do nothing on the server.
    const consoleError = console.error;
    console.error = (...args: unknown[]) => {
      if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) consoleError(...args);
    };
    for (let i = 0; i < 50; i++) render();
    const renders: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r0 = performance.now();
      render();
      renders.push(performance.now() - r0);
    }
    console.error = consoleError;
    renders.sort((a, b) => a - b);
    database.close();

    const server = await startServerProcess({ DATABASE_URL: url, RUN_WORKER: "false" });
    // Stands for any write to a public table: the version the caches are keyed on goes up.
    const writer = createDatabase({ url });
    const rows: LoadResult[] = [];
    let rushResult = "";
    try {
      for (const c of [1, 10, 50]) {
        rows.push(
          await runLoad({
            label: "GET /privacy (minimal page, same run)",
            concurrency: c,
            requests: 400,
            warmup: 30,
            send: () => fetch(`${server.url}/privacy`),
          }),
        );
        rows.push(
          await runLoad({
            label: "GET /activities",
            concurrency: c,
            requests: 400,
            warmup: 30,
            send: () => fetch(`${server.url}/activities`),
          }),
        );
        rows.push(
          await runLoad({
            label: "GET /activities, a public write before each (cache miss)",
            concurrency: c,
            requests: 400,
            warmup: 10,
            send: async () => {
              await writer.client.execute("UPDATE data_version SET version = version + 1 WHERE scope = 'public'");
              return fetch(`${server.url}/activities`);
            },
          }),
        );
        rows.push(
          await runLoad({
            label: "GET /activities?category=sports&needsVolunteers=on",
            concurrency: c,
            requests: 400,
            warmup: 10,
            send: () => fetch(`${server.url}/activities?category=sports&needsVolunteers=on`),
          }),
        );
        rows.push(
          await runLoad({
            label: "GET /activities/open-shifts (signed in)",
            concurrency: c,
            requests: 400,
            warmup: 10,
            send: () => fetch(`${server.url}/activities/open-shifts`, { headers: { cookie: volunteerCookie! } }),
          }),
        );
      }
      const r0 = performance.now();
      const responses = await Promise.all(
        rushCookies.map((cookie) =>
          fetch(`${server.url}/activities/${rush.activityId}`, {
            method: "POST",
            redirect: "manual",
            headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
            body: `intent=signup&sessionId=${rush.sessionId}`,
          }).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      );
      const seconds = (performance.now() - r0) / 1000;
      const check = createDatabase({ url });
      const counts = (
        await check.client.execute({
          sql: "SELECT status, count(*) AS n FROM signup WHERE session_id = ? GROUP BY status",
          args: [rush.sessionId],
        })
      ).rows;
      check.close();
      const by = Object.fromEntries(counts.map((r) => [r.status, Number(r.n)]));
      const errors = responses.filter((s) => s === 0 || s >= 500).length;
      rushResult = `| 500 concurrent POSTs, 20 places | ${by.confirmed ?? 0} | ${by.waitlisted ?? 0} | ${errors} | ${seconds.toFixed(2)} |`;
    } finally {
      writer.close();
      await server.stop();
    }
    printTable(
      `Activities at municipality volume (${volume.activities} activities, ${volume.sessions} sessions, ${volume.signups} sign-ups; built server, embedded file)`,
      rows,
    );
    console.log("\n## Pure React render of the /activities page (the floor; no HTTP, no loader)\n");
    console.log("| renders | p50 ms | p95 ms | p99 ms |");
    console.log("|---:|---:|---:|---:|");
    console.log(
      `| ${renders.length} | ${percentile(renders, 50).toFixed(2)} | ${percentile(renders, 95).toFixed(2)} | ${percentile(renders, 99).toFixed(2)} |`,
    );
    console.log("\n## Sign-up rush over HTTP\n");
    console.log("| scenario | confirmed | waitlisted | errors | seconds |");
    console.log("|---|---:|---:|---:|---:|");
    console.log(rushResult);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
