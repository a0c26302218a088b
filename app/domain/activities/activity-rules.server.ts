import { eq } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import { activity, activitySession } from "#db/schema";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { can, ensureFound, type Actor } from "../permissions";
import type { z } from "zod";

// What the organiser's verbs share: field errors as Conform names them, who may edit or see the
// sign-ups of an activity, and loading what is to be changed.

export type FieldErrors = Record<string, string[]>;

/** Zod issues as field errors named the way Conform names fields (`shifts[0].role`). */
export function conformFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.reduce<string>(
      (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
      "",
    );
    (out[name || "form"] ??= []).push(issue.message);
  }
  return out;
}

export function parseOrThrow<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Validation(conformFieldErrors(parsed.error));
  return parsed.data;
}

/** "zondag 29 maart 2026" for a local date, in the language of the request. */
export function longDate(localDate: string, locale: string): string {
  const [y, m, d] = localDate.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    Date.UTC(y, m - 1, d),
  );
}

/** Members and admins of the organisation, and platform admins, may change its activities. */
export const mayEditActivity = (actor: Actor | null, a: { organisationId: number }) => can.postForOrganisation(actor, a.organisationId);

/** Editors, and coordinators of the activity's neighbourhood, may see who signed up. */
export const mayViewSignups = (actor: Actor | null, a: { organisationId: number; neighbourhoodId: number }) =>
  mayEditActivity(actor, a) || can.coordinateNeighbourhood(actor, a.neighbourhoodId);

export async function loadActivity(db: Queryable, activityId: number) {
  const row = await db.query.activity.findFirst({ where: eq(activity.id, activityId) });
  if (!row) throw new NotFound();
  return row;
}

export async function loadSessionForEdit(ctx: Ctx, tx: Tx, sessionId: number) {
  const [row] = await tx
    .select({ session: activitySession, activity })
    .from(activitySession)
    .innerJoin(activity, eq(activity.id, activitySession.activityId))
    .where(eq(activitySession.id, sessionId));
  if (!row) throw new NotFound();
  ensureFound(mayEditActivity(ctx.actor, row.activity));
  return row;
}
