import type { Database } from "#db/client";
import { createSession } from "~/domain/accounts/sessions.server";
import { loadEnv } from "~/server/env.server";
import { createServices } from "~/server/services.server";

export const BENCH_SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

/** Signs people in without the mail round trip: a session row plus the signed cookie the server expects. */
export async function sessionCookies(database: Database, userIds: number[], now: number) {
  const env = loadEnv({ NODE_ENV: "production", SESSION_SECRET: BENCH_SECRET, APP_URL: "http://127.0.0.1", LOCAL_MAILBOX: "true" });
  const { cookies } = createServices({ env, database, logger: { log: () => undefined } });
  const ids = await database.write(async (tx) => Promise.all(userIds.map((id) => createSession(tx, id, now))));
  return Promise.all(ids.map(async (id) => (await cookies.session.serialize(id)).split(";")[0]!));
}
