import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { seedDatabase } from "~/demo/seed";
import type { Ctx } from "~/domain/context.server";
import { createKeyring } from "~/domain/keyring.server";
import { rankVolunteersForRequest, type Ranking } from "~/domain/help/matching/rank.server";
import { loadActor } from "~/domain/accounts/sessions.server";
import { referenceRanking } from "#tests/support/matching-reference";
import { percentile } from "./lib/load";

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const MATCHING_VOLUNTEERS = 10_000;

/**
 * 10,000 volunteers with availability, skills, exceptions and history (shift sign-ups with hours,
 * help matches and confirmed help sessions), generated with set-based SQL like activity-data.ts.
 * Returns the id of one respite request: every Tuesday 14:00-17:00 (Amsterdam) for 8 weeks.
 */
export async function generateMatchingData(database: Database, now: number, volunteers = MATCHING_VOLUNTEERS) {
  await seedDatabase(database, { now, withActivities: false });
  const seq = (n: number) => `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${n})`;
  const neighbourhoodAt = (expr: string) =>
    `(SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM neighbourhood) WHERE rn = ${expr} % (SELECT count(*) FROM neighbourhood))`;
  // The request's weeks: Tuesdays from next week, 14:00-17:00 in Amsterdam (DST-correct via luxon).
  const firstTuesday = DateTime.fromMillis(now, { zone: "Europe/Amsterdam" }).startOf("week").plus({ weeks: 1, days: 1, hours: 14 });
  const windows = Array.from({ length: 8 }, (_, i) => {
    const start = firstTuesday.plus({ weeks: i });
    return { startsAt: start.toMillis(), endsAt: start.plus({ hours: 3 }).toMillis() };
  });
  const spanStart = windows[0]!.startsAt;
  const firstDate = firstTuesday.toISODate()!;

  const requestId = await database.write(async (tx) => {
    await tx.run(`${seq(volunteers)}
      INSERT INTO user (email, name, postcode, neighbourhood_id, locale, time_zone, created_at)
      SELECT 'match' || n || '@example.org', 'Vrijwilliger ' || n, '7511AB', ${neighbourhoodAt("n")},
        CASE WHEN n % 5 = 0 THEN 'en' ELSE 'nl' END, CASE WHEN n % 10 = 0 THEN 'Europe/London' ELSE 'Europe/Amsterdam' END, ${now} FROM seq`);
    await tx.run(`INSERT INTO volunteer_profile (user_id, languages, tags, travel_range, vog_status, vog_valid_until, paused_until, max_hours_per_month, updated_at)
      SELECT id, CASE id % 4 WHEN 0 THEN '["nl","en"]' WHEN 1 THEN '["nl","tr"]' ELSE '["nl"]' END,
        CASE id % 6 WHEN 0 THEN '["gezelschap","koffie"]' WHEN 1 THEN '["boodschappen"]' ELSE '[]' END,
        CASE id % 3 WHEN 0 THEN 'own' WHEN 1 THEN 'adjacent' ELSE 'municipality' END,
        CASE WHEN id % 4 = 0 THEN 'valid' ELSE 'none' END, CASE WHEN id % 4 = 0 THEN '2030-01-01' END,
        CASE WHEN id % 50 = 0 THEN '2099-01-01' END, CASE WHEN id % 10 = 0 THEN 12 END, ${now}
      FROM user WHERE email LIKE 'match%'`);
    await tx.run(`INSERT INTO volunteer_availability (user_id, weekday, start_time, end_time)
      SELECT user_id, 1 + (user_id % 7), '09:00', '17:00' FROM volunteer_profile
      UNION ALL SELECT user_id, 1 + ((user_id + 3) % 7), '13:00', '21:00' FROM volunteer_profile`);
    await tx.run(`INSERT INTO volunteer_skill (user_id, skill_id)
      SELECT p.user_id, s.id FROM volunteer_profile p CROSS JOIN skill s WHERE (p.user_id + s.id) % 5 = 0`);
    await tx.run(`INSERT INTO volunteer_unavailable_date (user_id, date)
      SELECT user_id, date('${firstDate}', '+' || (7 * (user_id % 8)) || ' days') FROM volunteer_profile WHERE user_id % 20 = 0`);
    // History: a past shift with hours for a third, a shift inside the request's span for a fifth.
    const org = (await tx.run(`SELECT id FROM organisation WHERE status = 'approved' ORDER BY id LIMIT 1`)).rows[0]!;
    const act = (
      await tx.run(`INSERT INTO activity (organisation_id, title, description, category, address, neighbourhood_id, target_groups, time_zone, created_at, updated_at)
        VALUES (${org.id}, 'Buurtcafé', 'Koffie en een praatje', 'social', 'Buurthuis', ${neighbourhoodAt("0")}, '["everyone"]', 'Europe/Amsterdam', ${now}, ${now}) RETURNING id`)
    ).rows[0]!;
    await tx.run(`${seq(60)}
      INSERT INTO activity_session (activity_id, occurrence_date, starts_at, ends_at, capacity, updated_at)
      SELECT ${act.id}, date(t / 1000, 'unixepoch'), t, t + ${3 * HOUR}, NULL, ${now}
      FROM (SELECT CASE WHEN n < 30 THEN ${now} - (n + 1) * ${DAY} ELSE ${spanStart} + (n - 30) * ${2 * DAY} END AS t FROM seq)`);
    await tx.run(
      `INSERT INTO shift (session_id, role, needed, starts_at, ends_at) SELECT id, 'Gastheer', 1000, starts_at, ends_at FROM activity_session WHERE activity_id = ${act.id}`,
    );
    await tx.run(`INSERT INTO signup (session_id, shift_id, user_id, status, created_at, attendance, minutes)
      SELECT sh.session_id, sh.id, p.user_id, 'confirmed', ${now}, 'present', 180
      FROM volunteer_profile p CROSS JOIN shift sh WHERE p.user_id % 3 = 0 AND sh.starts_at < ${now} AND sh.id % 30 = p.user_id % 30`);
    await tx.run(`INSERT INTO signup (session_id, shift_id, user_id, status, created_at)
      SELECT sh.session_id, sh.id, p.user_id, 'confirmed', ${now}
      FROM volunteer_profile p CROSS JOIN shift sh WHERE p.user_id % 5 = 0 AND sh.starts_at > ${now} AND sh.id % 30 = p.user_id % 30`);
    // Help history: 2,000 matches (half still running) with a confirmed session each.
    await tx.run(`INSERT INTO help_request (requester_id, kind, neighbourhood_id, address, public_text, time_zone, status, matched_volunteer_id, matched_at, created_at, updated_at)
      SELECT p.user_id, 'shopping', u.neighbourhood_id, 'Dorpsstraat 1', 'Boodschappen', 'Europe/Amsterdam',
        CASE WHEN p.user_id % 2 = 0 THEN 'matched' ELSE 'completed' END, p.user_id + 1, ${now} - (p.user_id % 40) * ${DAY}, ${now} - 50 * ${DAY}, ${now}
      FROM volunteer_profile p CROSS JOIN user u ON u.id = p.user_id WHERE p.user_id % 5 = 1`);
    await tx.run(`INSERT INTO help_session (request_id, starts_at, ends_at, status, confirmed_at, minutes, created_at)
      SELECT id, ${now} - 5 * ${DAY}, ${now} - 5 * ${DAY} + ${2 * HOUR}, 'scheduled', ${now} - 5 * ${DAY}, 120, ${now} FROM help_request WHERE matched_volunteer_id IS NOT NULL`);
    // The request to rank for, by a carer in the first neighbourhood.
    const carer = (await tx.run(`SELECT id FROM user WHERE email LIKE 'match%' ORDER BY id LIMIT 1`)).rows[0]!;
    const req = (
      await tx.run(`INSERT INTO help_request (requester_id, kind, neighbourhood_id, address, public_text, time_zone, status, created_at, updated_at)
        VALUES (${carer.id}, 'respite', ${neighbourhoodAt("0")}, 'Lindelaan 1', 'Even vrij op dinsdagmiddag', 'Europe/Amsterdam', 'open', ${now}, ${now}) RETURNING id`)
    ).rows[0]!;
    for (const w of windows)
      await tx.run(`INSERT INTO help_request_window (request_id, starts_at, ends_at) VALUES (${req.id}, ${w.startsAt}, ${w.endsAt})`);
    return Number(req.id);
  });
  await database.client.execute("ANALYZE");
  const count = async (table: string) => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  return {
    requestId,
    volume: {
      volunteers: await count("volunteer_profile"),
      availabilitySlots: await count("volunteer_availability"),
      volunteerSkills: await count("volunteer_skill"),
      signups: await count("signup"),
      helpRequests: await count("help_request"),
      helpSessions: await count("help_session"),
    },
  };
}

/** Issue 4's benchmark: ranking volunteers for one request with 10,000 volunteers in the database. */
export async function benchMatching() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-matching-"));
  const now = Date.now();
  try {
    const database = createDatabase({ url: `file:${path.join(dir, "matching.db")}` });
    await migrateDatabase(database);
    const t0 = performance.now();
    const { requestId, volume } = await generateMatchingData(database, now);
    console.log(`\nData: ${JSON.stringify(volume)} generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const adminRow = (await database.client.execute("SELECT user_id FROM role_grant WHERE role = 'admin' LIMIT 1")).rows[0]!;
    const ctx: Ctx = {
      database,
      now: () => now,
      actor: await loadActor(database.db, Number(adminRow.user_id)),
      keys: createKeyring(["bench-secret-0123456789-abcdefghijklmnop"]),
      appUrl: "http://127.0.0.1",
      defaultTimeZone: "Europe/Amsterdam",
      locale: "nl",
    };
    const runs: (Ranking["timings"] & { cpuMs: number })[] = [];
    let last: Ranking | null = null;
    // Warm (JIT, page cache), then enough runs that p95 is not the second-worst of a handful.
    const measured = Math.max(20, Number(process.env.MATCHING_RUNS ?? 200));
    for (let i = 0; i < 20; i++) await rankVolunteersForRequest({ ctx, input: { requestId } });
    for (let i = 0; i < measured; i++) {
      const r0 = performance.now();
      const c0 = process.cpuUsage();
      last = await rankVolunteersForRequest({ ctx, input: { requestId } });
      const cpu = process.cpuUsage(c0);
      runs.push({ ...last.timings, totalMs: performance.now() - r0, cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    // The yardstick in the same run: the loader the issue measured (141 ms p95 on the machine of
    // 2026-11-28), kept as the tests' reference (every fact loaded, every rule checked in memory).
    const referenceRuns = Math.max(20, Math.round(measured / 5));
    for (let i = 0; i < 5; i++) await referenceRanking(ctx, requestId);
    const reference: number[] = [];
    let same = true;
    for (let i = 0; i < referenceRuns; i++) {
      const r0 = performance.now();
      const ref = await referenceRanking(ctx, requestId);
      reference.push(performance.now() - r0);
      if (i === 0)
        same =
          JSON.stringify(ref.ranked) === JSON.stringify(last?.ranked) && JSON.stringify(ref.excluded) === JSON.stringify(last?.excluded);
    }
    reference.sort((a, b) => a - b);
    database.close();
    const sorted = (pick: (t: (typeof runs)[number]) => number) => runs.map(pick).sort((a, b) => a - b);
    const total = sorted((t) => t.totalMs);
    const sqlMs = sorted((t) => t.sqlMs);
    const scoring = sorted((t) => t.scoringMs);
    // CPU time of the process (the embedded database runs on it too): steadier than wall time on a busy machine.
    const cpuMs = sorted((t) => t.cpuMs);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const sqlShare = sum(sqlMs) / (sum(sqlMs) + sum(scoring));
    console.log(
      `\n## Ranking volunteers for one request (${volume.volunteers} volunteers, 8 weekly windows; the whole verb, embedded file; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")})\n`,
    );
    console.log(
      "| runs | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | SQL p50 ms | SQL p95 ms | scoring p50 ms | scoring p95 ms | SQL share | scoring share | queries | ranked | excluded |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    console.log(
      `| ${runs.length} | ${percentile(total, 50).toFixed(1)} | ${percentile(total, 95).toFixed(1)} | ${percentile(cpuMs, 50).toFixed(1)} | ${percentile(cpuMs, 95).toFixed(1)} | ${percentile(sqlMs, 50).toFixed(1)} | ${percentile(sqlMs, 95).toFixed(1)} | ${percentile(scoring, 50).toFixed(1)} | ${percentile(scoring, 95).toFixed(1)} | ${(sqlShare * 100).toFixed(0)}% | ${((1 - sqlShare) * 100).toFixed(0)}% | ${last?.timings.queries ?? 0} | ${last?.ranked.length ?? 0} | ${last?.excluded.length ?? 0} |`,
    );
    const byRule = new Map<string, number>();
    for (const e of last?.excluded ?? []) byRule.set(e.rule, (byRule.get(e.rule) ?? 0) + 1);
    console.log(`\nExcluded by rule: ${[...byRule].map(([rule, n]) => `${rule} ${n}`).join(", ")}.`);
    const refP95 = percentile(reference, 95);
    console.log(
      `\nSame run, the loader before decision 041 (tests/support/matching-reference.ts; ${reference.length} runs): p50 ${percentile(reference, 50).toFixed(1)} ms, p95 ${refP95.toFixed(1)} ms; same result: ${same ? "yes" : "NO"}. ` +
        `The issue measured that loader at p95 141 ms; scaled by this run's machine (141 / ${refP95.toFixed(1)}), the p95 above is ${((percentile(total, 95) * 141) / refP95).toFixed(1)} ms.`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
