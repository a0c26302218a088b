import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { seedDatabase } from "~/demo/seed";
import { computeIndicators, computeRawIndicators, discloseIndicators, loadThresholds } from "~/domain/signals";
import { localDateOf } from "~/domain/scheduling/local-time";
import { endOfPreviousMonth, startOfMonthBefore } from "~/domain/scheduling/report-periods";
import { percentile, printTable, runLoad, type LoadResult } from "./lib/load";
import { startServerProcess } from "./lib/server-process";
import { sessionCookies } from "./lib/sessions";

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const SIGNALS_VOLUME = {
  users: 8000,
  helpRequests: 20_000,
  activities: 2000,
  sessionsPerActivity: 25,
  signupsPerSession: 4,
  facilities: 2000,
};

/**
 * One municipality's year: 20,000 help requests (every outcome, matched after hours to weeks),
 * their invites, 2,000 activities with 50,000 past sessions, 25,000 shifts and 200,000 sign-ups
 * (some waitlisted, some on shifts), 2,000 facilities. Set-based SQL like activity-data.ts.
 */
export async function generateSignalsData(database: Database, now: number, volume = SIGNALS_VOLUME) {
  await seedDatabase(database, { now, withActivities: false });
  const seq = (n: number) => `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${n})`;
  const neighbourhoodAt = (expr: string) =>
    `(SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM neighbourhood) WHERE rn = ${expr} % (SELECT count(*) FROM neighbourhood))`;
  const yearAgo = now - 365 * DAY;
  await database.write(async (tx) => {
    await tx.run(`${seq(volume.users)}
      INSERT INTO user (email, name, postcode, neighbourhood_id, locale, time_zone, created_at)
      SELECT 'sig' || n || '@example.org', 'Bewoner ' || n, '7511AB', ${neighbourhoodAt("n")}, 'nl', 'Europe/Amsterdam', ${yearAgo} FROM seq`);
    await tx.run(`INSERT INTO volunteer_profile (user_id, updated_at) SELECT id, ${now} FROM user WHERE email LIKE 'sig%' AND id % 3 = 0`);
    await tx.run(
      `INSERT INTO skill (slug, name_nl, name_en) VALUES ('bench-rijbewijs', 'Rijbewijs', 'Driving licence'), ('bench-computer', 'Computer', 'Computer'), ('bench-tillen', 'Tillen', 'Lifting')`,
    );
    await tx.run(
      `INSERT OR IGNORE INTO volunteer_skill (user_id, skill_id) SELECT vp.user_id, s.id FROM volunteer_profile vp JOIN skill s ON s.slug LIKE 'bench-%' AND (vp.user_id + s.id) % 4 = 0`,
    );
    const first = `(SELECT min(id) FROM user WHERE email LIKE 'sig%')`;
    await tx.run(`${seq(volume.helpRequests)}
      INSERT INTO help_request (requester_id, kind, neighbourhood_id, address, public_text, time_zone, status, matched_volunteer_id, matched_at, flagged_at, required_skill_id, created_at, updated_at)
      SELECT ${first} + (n * 7) % ${volume.users},
        CASE n % 8 WHEN 0 THEN 'respite' WHEN 1 THEN 'transport' WHEN 2 THEN 'shopping' WHEN 3 THEN 'household' WHEN 4 THEN 'paperwork' WHEN 5 THEN 'digital' WHEN 6 THEN 'walking' ELSE 'respite' END,
        ${neighbourhoodAt("n")}, 'Dorpsstraat 1', 'Hulp gevraagd.', 'Europe/Amsterdam',
        CASE WHEN n % 10 < 5 THEN 'completed' WHEN n % 10 = 5 THEN 'matched' WHEN n % 10 IN (6, 7) THEN 'expired' WHEN n % 10 = 8 THEN 'withdrawn' ELSE 'open' END,
        CASE WHEN n % 10 <= 5 THEN ${first} + 3 * ((n * 13) % (${volume.users} / 3)) END,
        CASE WHEN n % 10 <= 5 THEN ${yearAgo} + (n * 1571) % (360 * ${DAY}) + (n % 15) * ${DAY} + (n % 24) * ${HOUR} END,
        CASE WHEN n % 10 = 7 THEN ${yearAgo} + (n * 1571) % (360 * ${DAY}) + 3 * ${DAY} END,
        CASE WHEN n % 9 = 0 THEN (SELECT min(id) FROM skill WHERE slug LIKE 'bench-%') + n % 3 END,
        ${yearAgo} + (n * 1571) % (360 * ${DAY}), ${now}
      FROM seq`);
    await tx.run(
      `UPDATE help_request SET matched_volunteer_id = (SELECT min(user_id) FROM volunteer_profile) WHERE status IN ('matched', 'completed') AND matched_volunteer_id NOT IN (SELECT user_id FROM volunteer_profile)`,
    );
    await tx.run(`INSERT INTO help_invite (request_id, volunteer_id, status, created_at)
      SELECT id, matched_volunteer_id, 'accepted', matched_at FROM help_request WHERE matched_volunteer_id IS NOT NULL`);
    await tx.run(`INSERT OR IGNORE INTO help_invite (request_id, volunteer_id, status, created_at)
      SELECT id, (SELECT min(user_id) FROM volunteer_profile) + 3 * (id % 500), 'offered', created_at + ${DAY} FROM help_request WHERE id % 3 = 0`);
    await tx.run(`${seq(volume.activities)}
      INSERT INTO activity (organisation_id, title, description, category, address, neighbourhood_id, target_groups, time_zone, created_at, updated_at)
      SELECT (SELECT min(id) FROM organisation WHERE status = 'approved'), 'Activiteit ' || n, 'Samen bezig zijn.',
        CASE n % 7 WHEN 0 THEN 'sports' WHEN 1 THEN 'culture' WHEN 2 THEN 'social' WHEN 3 THEN 'learning' WHEN 4 THEN 'nature' WHEN 5 THEN 'care' ELSE 'other' END,
        'Dorpsstraat 2', ${neighbourhoodAt("n")}, '["everyone"]', 'Europe/Amsterdam', ${yearAgo}, ${yearAgo} FROM seq`);
    await tx.run(`${seq(volume.sessionsPerActivity)}
      INSERT INTO activity_session (activity_id, occurrence_date, starts_at, ends_at, capacity, updated_at)
      SELECT a.id, date((${yearAgo} + (seq.n * 14 + a.id % 14) * ${DAY}) / 1000, 'unixepoch'),
        ${yearAgo} + (seq.n * 14 + a.id % 14) * ${DAY} + 10 * ${HOUR}, ${yearAgo} + (seq.n * 14 + a.id % 14) * ${DAY} + 12 * ${HOUR}, 3, ${now}
      FROM activity a CROSS JOIN seq`);
    await tx.run(
      `INSERT INTO shift (session_id, role, needed, starts_at, ends_at) SELECT id, 'Gastheer', 3, starts_at, ends_at FROM activity_session WHERE id % 2 = 0`,
    );
    await tx.run(`${seq(volume.signupsPerSession)}
      INSERT INTO signup (session_id, shift_id, user_id, status, created_at)
      SELECT s.id, CASE WHEN seq.n = 3 THEN (SELECT id FROM shift WHERE session_id = s.id) END,
        ${first} + ((s.id * 7 + seq.n * 1999) % ${volume.users}),
        CASE WHEN seq.n = 2 AND s.id % 3 = 0 THEN 'waitlisted' ELSE 'confirmed' END, ${yearAgo}
      FROM activity_session s CROSS JOIN seq`);
    await tx.run(`INSERT INTO facility_organization (hsds_id, municipality_id, name, created_at, updated_at)
      SELECT 'bench-org', id, 'Zorgaanbieder', ${now}, ${now} FROM municipality LIMIT 1`);
    await tx.run(`${seq(volume.facilities)}
      INSERT INTO facility_location (hsds_id, organization_id, name, address, postcode, city, neighbourhood_id, created_at, updated_at)
      SELECT 'bench-loc-' || n, (SELECT max(id) FROM facility_organization), 'Locatie ' || n, 'Straat 1', '7511AB', 'Hoflanden', ${neighbourhoodAt("n")}, ${now}, ${now} FROM seq`);
    await tx.run(`INSERT INTO facility_service (hsds_id, organization_id, location_id, name, category, target_groups, access, languages, waiting_weeks, capacity_status, verified_at, created_at, updated_at)
      SELECT 'bench-svc-' || id, organization_id, id, 'Dienst ' || id,
        CASE id % 6 WHEN 0 THEN 'youth-care' WHEN 1 THEN 'mental-health' WHEN 2 THEN 'childcare' WHEN 3 THEN 'debt-income' WHEN 4 THEN 'housing' ELSE 'health' END,
        '["everyone"]', 'referral', '["nl"]', id % 20, CASE WHEN id % 11 = 0 THEN 'full' ELSE 'open' END, ${now}, ${now}, ${now}
      FROM facility_location WHERE hsds_id LIKE 'bench-loc-%'`);
  });
  await database.client.execute("ANALYZE");
  const count = async (table: string) => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  return {
    helpRequests: await count("help_request"),
    invites: await count("help_invite"),
    sessions: await count("activity_session"),
    shifts: await count("shift"),
    signups: await count("signup"),
    facilities: await count("facility_service"),
  };
}

/** Issue 6: the municipal report for one year — all indicators in-process, and the page over HTTP. */
export async function benchSignals() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-signals-"));
  const url = `file:${path.join(dir, "signals.db")}`;
  const now = Date.now();
  try {
    const database = createDatabase({ url });
    await migrateDatabase(database);
    const t0 = performance.now();
    const volume = await generateSignalsData(database, now);
    console.log(`\nData: ${JSON.stringify(volume)} generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const town = (await database.client.execute("SELECT id, time_zone FROM municipality LIMIT 1")).rows[0]!;
    const zone = String(town.time_zone);
    const to = endOfPreviousMonth(localDateOf(now, zone));
    const query = {
      municipalityId: Number(town.id),
      zone,
      from: startOfMonthBefore(to, 11),
      to,
      granularity: "month" as const,
      neighbourhoodId: null,
      thresholds: await loadThresholds(database.db, Number(town.id)),
      now,
    };
    const timings = { all: [] as number[], raw: [] as number[], disclose: [] as number[], weeks: [] as number[] };
    for (let i = 0; i < 2; i++) await computeIndicators(database.db, query);
    for (let i = 0; i < 9; i++) {
      const a = performance.now();
      const raw = await computeRawIndicators(database.db, query);
      const b = performance.now();
      discloseIndicators(raw);
      const c = performance.now();
      timings.raw.push(b - a);
      timings.disclose.push(c - b);
      timings.all.push(c - a);
      const w = performance.now();
      await computeIndicators(database.db, { ...query, granularity: "week" });
      timings.weeks.push(performance.now() - w);
    }
    for (const list of Object.values(timings)) list.sort((x, y) => x - y);
    const coordinator = (await database.client.execute("SELECT id FROM user WHERE email = 'coordinator@example.org'")).rows[0]!;
    const [cookie] = await sessionCookies(database, [Number(coordinator.id)], now);
    database.close();

    console.log(
      `\n## Municipal report: all indicators for one year (${volume.helpRequests} help requests, ${volume.signups} sign-ups, ${volume.shifts} shifts, ${volume.facilities} facilities; embedded file)\n`,
    );
    console.log("| computation | runs | p50 ms | p95 ms |");
    console.log("|---|---:|---:|---:|");
    const line = (label: string, list: number[]) =>
      console.log(`| ${label} | ${list.length} | ${percentile(list, 50).toFixed(1)} | ${percentile(list, 95).toFixed(1)} |`);
    line("all indicators, 12 months (queries + disclosure)", timings.all);
    line("of which the aggregate queries", timings.raw);
    line("of which disclosure (suppression, medians)", timings.disclose);
    line("all indicators, 53 weeks", timings.weeks);

    const server = await startServerProcess({ DATABASE_URL: url, RUN_WORKER: "false" });
    const rows: LoadResult[] = [];
    try {
      const headers = { cookie: cookie! };
      rows.push(
        await runLoad({
          label: "GET /privacy (minimal page, same run)",
          concurrency: 1,
          requests: 100,
          warmup: 10,
          send: () => fetch(`${server.url}/privacy`),
        }),
      );
      rows.push(
        await runLoad({
          label: "GET /signals/report (year, whole municipality)",
          concurrency: 1,
          requests: 20,
          warmup: 3,
          send: () => fetch(`${server.url}/signals/report`, { headers }),
        }),
      );
      rows.push(
        await runLoad({
          label: "GET /signals/report (year, whole municipality)",
          concurrency: 4,
          requests: 20,
          warmup: 1,
          send: () => fetch(`${server.url}/signals/report`, { headers }),
        }),
      );
      rows.push(
        await runLoad({
          label: "GET /signals/report.csv (year)",
          concurrency: 1,
          requests: 20,
          warmup: 2,
          send: () => fetch(`${server.url}/signals/report.csv`, { headers }),
        }),
      );
    } finally {
      await server.stop();
    }
    printTable("Municipal report over HTTP (built server, own process, embedded file)", rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
