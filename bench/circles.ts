import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, migrateDatabase, type Database } from "#db/client";
import { createCareRecipient, createCircle, createMunicipality, createNeighbourhood, createUser } from "~/demo/builders";
import { printTable, runLoad, type LoadResult } from "./lib/load";
import { startServerProcess } from "./lib/server-process";
import { sessionCookies } from "./lib/sessions";

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const CIRCLE_VOLUME = { members: 30, tasks: 500 };
/** A valid one-off rule: the calendar reads times from the occurrences, not from the rule. */
const ONCE_RULE = JSON.stringify({
  startDate: "2026-12-01",
  startTime: "10:00",
  durationMinutes: 120,
  timeZone: "Europe/Amsterdam",
  pattern: { kind: "once" },
});

/** The big circle: 30 members, 500 tasks over 12 weeks around `now`, 4 in 5 times claimed. */
export async function generateCircleData(database: Database, now: number) {
  return database.write(async (tx) => {
    const town = await createMunicipality(tx, { name: "Benchdorp" });
    const hood = await createNeighbourhood(tx, { municipalityId: town.id, name: "Midden" });
    const members: number[] = [];
    for (let i = 0; i < CIRCLE_VOLUME.members; i++)
      members.push((await createUser(tx, { neighbourhoodId: hood.id, name: `Lid ${i + 1}`, email: `lid${i + 1}@example.org` })).id);
    const recipient = await createCareRecipient(tx, { carerId: members[0]!, neighbourhoodId: hood.id, firstName: "Oma Bench" });
    const circle = await createCircle(tx, {
      careRecipientId: recipient.id,
      neighbourhoodId: hood.id,
      leadId: members[0]!,
      members: members.slice(1).map((userId, i) => ({ userId, role: i === 0 ? ("co-lead" as const) : ("member" as const) })),
      name: "Kring rond Oma Bench",
      createdAt: now - 90 * DAY,
    });
    const seq = (n: number) => `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${n})`;
    const kinds = ["meal", "ride", "company", "respite", "shopping", "chores", "appointment", "other"];
    const start = now - 56 * DAY;
    const span = 84 * DAY;
    await tx.run(`${seq(CIRCLE_VOLUME.tasks)}
      INSERT INTO circle_task (circle_id, kind, title, notes, places, rule, created_by_id, created_at, updated_at)
      SELECT ${circle.id}, CASE n % 8 ${kinds.map((k, i) => `WHEN ${i} THEN '${k}'`).join(" ")} END,
        'Taak ' || n, 'Notitie bij taak ' || n, 1 + n % 2, '${ONCE_RULE}', ${members[0]}, ${now - 90 * DAY}, ${now - 90 * DAY}
      FROM seq`);
    await tx.run(`
      INSERT INTO circle_task_occurrence (task_id, circle_id, occurrence_date, starts_at, ends_at, places, updated_at)
      SELECT id, circle_id, date((${start} + ((id * 7919) % ${span / HOUR}) * ${HOUR}) / 1000, 'unixepoch'),
        ${start} + ((id * 7919) % ${span / HOUR}) * ${HOUR}, ${start} + ((id * 7919) % ${span / HOUR}) * ${HOUR} + 2 * ${HOUR}, places, ${now}
      FROM circle_task WHERE circle_id = ${circle.id}`);
    // Four in five occurrences have a claim, by members in turn; the lead takes every fifth.
    await tx.run(`
      WITH m AS (SELECT user_id, row_number() OVER (ORDER BY user_id) - 1 AS rn FROM circle_member WHERE circle_id = ${circle.id})
      INSERT INTO circle_task_claim (occurrence_id, user_id, claimed_at)
      SELECT o.id, CASE WHEN o.id % 5 = 0 THEN ${members[0]} ELSE m.user_id END, ${now - 60 * DAY}
      FROM circle_task_occurrence o JOIN m ON m.rn = o.id % ${CIRCLE_VOLUME.members}
      WHERE o.circle_id = ${circle.id} AND o.id % 5 <> 4`);
    return { circleId: circle.id, leadId: members[0]!, memberId: members[5]! };
  });
}

/**
 * Issue 16: a big care circle — 30 members and 500 tasks — renders its task calendar page at no
 * more than twice the cost of a minimal page (/privacy) in the same run. The 500 tasks lie in the
 * 8 weeks of the load table and the 4 weeks after them, so the calendar's week is full (about 40
 * tasks) and the load table counts hundreds of claims.
 */
export async function benchCircles() {
  const dir = mkdtempSync(path.join(tmpdir(), "noaber-bench-circles-"));
  const url = `file:${path.join(dir, "circles.db")}`;
  const now = Date.now();
  try {
    const database = createDatabase({ url });
    await migrateDatabase(database);
    const { circleId, leadId, memberId } = await generateCircleData(database, now);
    const [cookie, memberCookie] = await sessionCookies(database, [leadId, memberId], now);
    const inWeek = await database.client.execute({
      sql: "SELECT count(*) AS n FROM circle_task_occurrence WHERE circle_id = ? AND starts_at BETWEEN ? AND ?",
      args: [circleId, now - 7 * DAY, now + 7 * DAY],
    });
    database.close();
    console.log(
      `\nData: 1 circle, ${CIRCLE_VOLUME.members} members, ${CIRCLE_VOLUME.tasks} tasks over 12 weeks (${String(inWeek.rows[0]!.n)} within a week of now), 4 in 5 claimed`,
    );

    const server = await startServerProcess({ DATABASE_URL: url, RUN_WORKER: "false" });
    const rows: LoadResult[] = [];
    try {
      const headers = { cookie: cookie! };
      const pages = [
        { label: "GET /privacy (minimal page, same run)", send: () => fetch(`${server.url}/privacy`) },
        {
          label: `GET /circles/${circleId} (task calendar, as the lead)`,
          send: () => fetch(`${server.url}/circles/${circleId}`, { headers }),
        },
        {
          label: `GET /circles/${circleId} (task calendar, as a member)`,
          send: () => fetch(`${server.url}/circles/${circleId}`, { headers: { cookie: memberCookie! } }),
        },
      ];
      // Alternate the pages over three rounds, so drift on a noisy machine hits both alike.
      const byLabel = new Map<string, LoadResult[]>();
      for (let round = 0; round < 3; round++)
        for (const page of pages) {
          const result = await runLoad({
            label: page.label,
            concurrency: 1,
            requests: 60,
            warmup: 10,
            send: page.send,
            expect: (s) => s === 200,
          });
          byLabel.set(page.label, [...(byLabel.get(page.label) ?? []), result]);
        }
      for (const results of byLabel.values()) rows.push(results.sort((a, b) => a.p50 - b.p50)[1]!);
    } finally {
      await server.stop();
    }
    printTable("Care circle task calendar over HTTP (built server, own process, embedded file; median round of 3)", rows);
    const [minimal, calendar, asMember] = rows;
    console.log(
      `\nCalendar ÷ minimal page, as the lead: p50 ${(calendar!.p50 / minimal!.p50).toFixed(2)}×, p95 ${(calendar!.p95 / minimal!.p95).toFixed(2)}×; as a member: p50 ${(asMember!.p50 / minimal!.p50).toFixed(2)}×, p95 ${(asMember!.p95 / minimal!.p95).toFixed(2)}× (goal ≤ 2×); errors ${calendar!.errors + asMember!.errors}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
