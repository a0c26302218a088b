import type { Database } from "#db/client";
import { seedDatabase } from "~/demo/seed";

export interface ActivityVolume {
  users: number;
  activities: number;
  sessionsPerActivity: number;
  participantsPerSession: number;
}

/** The Activities benchmark volume from issue 3: 2,000 activities, 50,000 sessions, 200,000 sign-ups. */
export const MUNICIPALITY_VOLUME: ActivityVolume = { users: 8000, activities: 2000, sessionsPerActivity: 25, participantsPerSession: 4 };

const DAY = 86_400_000;

/**
 * Fills a migrated, empty database with a municipality's worth of activities using set-based SQL
 * (recursive CTEs), so generating 250,000 rows takes seconds. Sessions run from 5 weeks ago to
 * 20 weeks ahead of `now`; half of them have a volunteer shift; every session has sign-ups.
 */
export async function generateActivityData(database: Database, now: number, volume: ActivityVolume = MUNICIPALITY_VOLUME) {
  await seedDatabase(database, { now, withActivities: false });
  const { users, activities, sessionsPerActivity, participantsPerSession } = volume;
  const weekStart = now - 5 * 7 * DAY;
  const seq = (n: number) => `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${n})`;
  await database.write(async (tx) => {
    await tx.run(`${seq(users)}
      INSERT INTO user (email, name, postcode, neighbourhood_id, locale, time_zone, created_at)
      SELECT 'bench' || n || '@example.org', 'Bewoner ' || n, '7511AB',
        (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM neighbourhood) WHERE rn = n % (SELECT count(*) FROM neighbourhood)),
        CASE WHEN n % 5 = 0 THEN 'en' ELSE 'nl' END, 'Europe/Amsterdam', ${now} FROM seq`);
    await tx.run(`INSERT INTO volunteer_profile (user_id, travel_range, vog_status, vog_valid_until, updated_at)
      SELECT id, CASE id % 3 WHEN 0 THEN 'own' WHEN 1 THEN 'adjacent' ELSE 'municipality' END,
        CASE WHEN id % 4 = 0 THEN 'valid' ELSE 'none' END, CASE WHEN id % 4 = 0 THEN '2030-01-01' END, ${now}
      FROM user WHERE email LIKE 'bench%' AND id % 2 = 0`);
    await tx.run(`INSERT INTO volunteer_availability (user_id, weekday, start_time, end_time)
      SELECT user_id, 1 + (user_id % 7), '09:00', '22:00' FROM volunteer_profile`);
    await tx.run(`${seq(activities)}
      INSERT INTO activity (organisation_id, title, description, category, address, neighbourhood_id, accessibility, target_groups, time_zone, cancel_cutoff_hours, created_at, updated_at)
      SELECT (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM organisation WHERE status = 'approved') WHERE rn = n % (SELECT count(*) FROM organisation WHERE status = 'approved')),
        'Activiteit ' || n, 'Samen bezig zijn in de wijk, elke week.',
        CASE n % 7 WHEN 0 THEN 'sports' WHEN 1 THEN 'culture' WHEN 2 THEN 'social' WHEN 3 THEN 'learning' WHEN 4 THEN 'nature' WHEN 5 THEN 'care' ELSE 'other' END,
        'Dorpsstraat ' || (n % 200 + 1),
        (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM neighbourhood) WHERE rn = n % (SELECT count(*) FROM neighbourhood)),
        'Rolstoeltoegankelijk', CASE n % 3 WHEN 0 THEN '["everyone"]' WHEN 1 THEN '["older-people"]' ELSE '["youth"]' END,
        'Europe/Amsterdam', 24, ${now}, ${now}
      FROM seq`);
    await tx.run(`${seq(sessionsPerActivity)}
      INSERT INTO activity_session (activity_id, occurrence_date, starts_at, ends_at, capacity, updated_at)
      SELECT a.id, date((${weekStart} + (seq.n * 7 + a.id % 7) * ${DAY}) / 1000, 'unixepoch'),
        ${weekStart} + (seq.n * 7 + a.id % 7) * ${DAY} + (9 + a.id % 10) * 3600000,
        ${weekStart} + (seq.n * 7 + a.id % 7) * ${DAY} + (11 + a.id % 10) * 3600000,
        CASE WHEN a.id % 4 = 0 THEN NULL ELSE 20 END, ${now}
      FROM activity a CROSS JOIN seq`);
    await tx.run(`INSERT INTO shift (session_id, role, needed, starts_at, ends_at, requires_vog)
      SELECT id, 'Gastheer', 3, starts_at, ends_at, id % 6 = 0 FROM activity_session WHERE id % 2 = 0`);
    await tx.run(`${seq(participantsPerSession)}
      INSERT INTO signup (session_id, user_id, status, created_at)
      SELECT s.id, (SELECT min(id) FROM user WHERE email LIKE 'bench%') + ((s.id * 7 + seq.n * 1999) % ${users}), 'confirmed', ${now}
      FROM activity_session s CROSS JOIN seq`);
  });
  await database.client.execute("ANALYZE");
  const count = async (table: string) => Number((await database.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
  return {
    activities: await count("activity"),
    sessions: await count("activity_session"),
    shifts: await count("shift"),
    signups: await count("signup"),
    users: await count("user"),
  };
}
