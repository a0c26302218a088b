import type { ResultSet } from "@libsql/client";
import { eq, sql } from "drizzle-orm";
import type { SelectedFields, SQLiteSelectBase } from "drizzle-orm/sqlite-core";
import type { Db, Queryable } from "#db/client";
import { activity, activitySession, shift, signup } from "#db/schema";

// One query for "a sign-up and where it takes place": its session, the session's activity and,
// when it is for a shift, that shift. Sign-up mails, clash checks, reminders, the schedule and the
// reminder links all start from it; each adds its own columns, joins and conditions.

/** When a sign-up starts: its shift's start, else its session's (a participant sign-up has no shift). */
export const signupStartsAt = sql<number>`coalesce(${shift.startsAt}, ${activitySession.startsAt})`;
/** When a sign-up ends: its shift's end, else its session's. */
export const signupEndsAt = sql<number>`coalesce(${shift.endsAt}, ${activitySession.endsAt})`;

type Joined = { signup: "not-null"; activity_session: "not-null"; activity: "not-null"; shift: "nullable" };
/** The query below as drizzle types it for concrete `fields` (written out: with a generic `fields` drizzle's join types do not resolve). */
type SignupPlaces<F extends SelectedFields> = SQLiteSelectBase<"signup", "async", ResultSet, F, "partial", Joined, true>;

/** `fields` from sign-up ⋈ session ⋈ activity ⟕ shift (shift columns are null for a participant sign-up). */
export function selectSignupPlaces<F extends SelectedFields>(db: Queryable, fields: F): SignupPlaces<F> {
  const query = (db as Db)
    .select(fields as SelectedFields)
    .from(signup)
    .innerJoin(activitySession, eq(activitySession.id, signup.sessionId))
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .leftJoin(shift, eq(shift.id, signup.shiftId))
    .$dynamic();
  return query as unknown as SignupPlaces<F>;
}
