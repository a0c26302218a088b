import { sql } from "drizzle-orm";
import type { Database } from "#db/client";
import { createMunicipality, createNeighbourhood, createOrganisation } from "~/demo/builders";

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

/**
 * A municipality's worth of activities, written with set-based SQL so it takes a second or two:
 * 2,000 activities in 10 neighbourhoods, 25 weekly sessions each (50,000; a fifth in the past),
 * a volunteer shift on every other session (25,000, some needing a VOG), 4 participants per
 * session (200,000 sign-ups) and one volunteer on each shift (25,000 more).
 */
export async function seedMunicipalScale(
  database: Database,
  now: number,
  options: { activities?: number; sessionsPerActivity?: number } = {},
) {
  const activities = options.activities ?? 2_000;
  const perActivity = options.sessionsPerActivity ?? 25;
  return database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const neighbourhoods = [];
    for (let i = 0; i < 10; i++)
      neighbourhoods.push((await createNeighbourhood(tx, { municipalityId: town.id, name: `Schaalwijk ${i}` })).id);
    const org = await createOrganisation(tx);
    const ids = JSON.stringify(neighbourhoods);
    await tx.run(sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
      INSERT INTO user (email, name, postcode, neighbourhood_id, created_at)
      SELECT 'scale-' || i || '-' || ${org.id} || '@example.org', 'Deelnemer ' || i, '1000AB', json_extract(${ids}, '$[' || (i % 10) || ']'), ${now} FROM n`);
    await tx.run(sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${activities})
      INSERT INTO activity (organisation_id, title, description, category, address, neighbourhood_id, accessibility, target_groups, time_zone, cancel_cutoff_hours, created_at, updated_at)
      SELECT ${org.id}, 'Schaal ' || i, 'Samen bezig zijn.',
        json_extract('["sports","culture","social","learning","nature","care","other"]', '$[' || (i % 7) || ']'),
        'Straat ' || i, json_extract(${ids}, '$[' || (i % 10) || ']'), '',
        json_array(json_extract('["everyone","youth","older-people","disability","newcomers","low-income","carers"]', '$[' || (i % 7) || ']')),
        'Europe/Amsterdam', 0, ${now}, ${now}
      FROM n`);
    await tx.run(sql`
      WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < ${perActivity - 1})
      INSERT INTO activity_session (activity_id, occurrence_date, starts_at, ends_at, capacity, status, updated_at)
      SELECT a.id, 'w' || k.j, ${now} + (k.j - ${Math.floor(perActivity / 5)}) * ${WEEK} + (a.id % 168) * ${HOUR} + ${HOUR},
        ${now} + (k.j - ${Math.floor(perActivity / 5)}) * ${WEEK} + (a.id % 168) * ${HOUR} + 3 * ${HOUR}, 10,
        CASE WHEN (a.id + k.j) % 23 = 0 THEN 'cancelled' ELSE 'scheduled' END, ${now}
      FROM activity a, k WHERE a.organisation_id = ${org.id}`);
    await tx.run(sql`
      INSERT INTO shift (session_id, role, needed, starts_at, ends_at, requires_vog)
      SELECT s.id, 'Gastheer', 1 + (s.id / 2) % 2, s.starts_at, s.ends_at, s.id % 10 = 0
      FROM activity_session s JOIN activity a ON a.id = s.activity_id
      WHERE a.organisation_id = ${org.id} AND s.id % 2 = 0`);
    await tx.run(sql`
      WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3)
      INSERT INTO signup (session_id, user_id, status, created_at)
      SELECT s.id, u.first + (s.id * 7 + k.j) % 200, 'confirmed', ${now}
      FROM activity_session s JOIN activity a ON a.id = s.activity_id, k,
        (SELECT min(id) AS first FROM user WHERE email LIKE 'scale-%-' || ${org.id} || '@example.org') u
      WHERE a.organisation_id = ${org.id}`);
    await tx.run(sql`
      INSERT INTO signup (session_id, shift_id, user_id, status, created_at)
      SELECT sh.session_id, sh.id, u.first + (sh.id * 13) % 200, 'confirmed', ${now}
      FROM shift sh JOIN activity_session s ON s.id = sh.session_id JOIN activity a ON a.id = s.activity_id,
        (SELECT min(id) AS first FROM user WHERE email LIKE 'scale-%-' || ${org.id} || '@example.org') u
      WHERE a.organisation_id = ${org.id}`);
    return { neighbourhoods, organisationId: org.id, municipalityId: town.id };
  });
}
