import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Queryable } from "#db/client";
import { helpInvite, helpRequest } from "#db/schema";
import { getT } from "~/locales/i18n.server";
import { eraseIntakePerson } from "../accounts/erase.server";
import { requireRecentSecondFactor } from "../accounts/factors.server";
import type { Ctx } from "../context.server";
import { NotFound, Validation } from "../errors";
import { can, ensureFound, requireActor, type Actor } from "../permissions";
import { transitionRequest } from "./match.server";
import { endHelpMatch } from "./sessions.server";

// A coordinator erases a person registered at intake who has no account (issue 14). The person is
// known only by the contact details on their requests, so "the person" is every intake request in
// the coordinator's neighbourhoods with the same contact email address or phone number.

const OPEN = ["submitted", "open", "asked"] as const;

const digits = (phone: string | null) => (phone ?? "").replace(/\D/g, "");
const lower = (email: string | null) => (email ?? "").trim().toLowerCase();

/**
 * The intake request the coordinator may erase (404 otherwise: not theirs, not intake, or already
 * erased), and every intake request of the same person in the neighbourhoods they coordinate.
 */
async function intakePerson(db: Queryable, actor: Actor, requestId: number) {
  const row = await db.query.helpRequest.findFirst({ where: eq(helpRequest.id, requestId) });
  if (!row) throw new NotFound();
  ensureFound(can.coordinateNeighbourhood(actor, row.neighbourhoodId));
  if (row.requesterId !== null || row.anonymisedAt !== null) throw new NotFound();
  const scope = actor.isAdmin ? undefined : inArray(helpRequest.neighbourhoodId, [...actor.coordinatorOf]);
  const candidates = await db
    .select({
      id: helpRequest.id,
      status: helpRequest.status,
      contactEmail: helpRequest.contactEmail,
      contactPhone: helpRequest.contactPhone,
    })
    .from(helpRequest)
    .where(and(isNull(helpRequest.requesterId), isNull(helpRequest.anonymisedAt), scope));
  const email = lower(row.contactEmail);
  const phone = digits(row.contactPhone);
  const same = candidates.filter(
    (c) => c.id === row.id || (email !== "" && lower(c.contactEmail) === email) || (phone !== "" && digits(c.contactPhone) === phone),
  );
  return { row, requests: same };
}

/** The erase page: who (the contact name, a care detail, so staff prove their second factor) and how many requests. */
export async function getIntakeErasure({ ctx, input }: { ctx: Ctx; input: { requestId: number } }) {
  const actor = requireActor(ctx.actor);
  const { row, requests } = await intakePerson(ctx.database.db, actor, input.requestId);
  requireRecentSecondFactor(ctx);
  return { requestId: row.id, kind: row.kind, contactName: row.contactName ?? "", count: requests.length };
}

/**
 * Erases the intake person behind a request, after the coordinator confirmed: their open requests
 * are withdrawn (open invitations with them), a match still running is ended with the helper and
 * the other coordinators told without details, then the requests are anonymised and mail to their
 * address forgotten (eraseIntakePerson).
 */
export async function eraseIntakeRequester({ ctx, input }: { ctx: Ctx; input: { requestId: number; confirmed: boolean } }) {
  const actor = requireActor(ctx.actor);
  const { requests } = await intakePerson(ctx.database.db, actor, input.requestId);
  requireRecentSecondFactor(ctx);
  if (!input.confirmed) throw new Validation({ confirm: ["accountDeletion.intake.required"] });
  const reason = getT(actor.locale)("accountDeletion.endReason");
  for (const request of requests) {
    if (request.status === "matched") await endHelpMatch({ ctx, input: { requestId: request.id, reason } });
    else if ((OPEN as readonly string[]).includes(request.status))
      await ctx.database.write(async (tx) => {
        await transitionRequest(ctx, tx, request.id, "withdraw");
        await tx
          .update(helpInvite)
          .set({ status: "withdrawn", respondedAt: ctx.now() })
          .where(and(eq(helpInvite.requestId, request.id), inArray(helpInvite.status, ["asked", "offered"])));
      });
  }
  await eraseIntakePerson(
    ctx.database,
    ctx.keys,
    requests.map((r) => r.id),
    ctx.now(),
  );
  return { erased: requests.length };
}
