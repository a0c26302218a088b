import { asc, eq, inArray } from "drizzle-orm";
import { municipality, neighbourhood, neighbourhoodPostcode, organisation } from "#db/schema";
import type { Ctx } from "./context.server";
import { can, ensure, requireActor } from "./permissions";

async function withPostcodes(ctx: Ctx, ids: number[] | "all") {
  const rows = await ctx.database.db
    .select({ id: neighbourhood.id, name: neighbourhood.name, municipality: municipality.name })
    .from(neighbourhood)
    .innerJoin(municipality, eq(municipality.id, neighbourhood.municipalityId))
    .where(ids === "all" ? undefined : inArray(neighbourhood.id, ids))
    .orderBy(asc(neighbourhood.name));
  const postcodes = await ctx.database.db
    .select()
    .from(neighbourhoodPostcode)
    .where(ids === "all" ? undefined : inArray(neighbourhoodPostcode.neighbourhoodId, ids))
    .orderBy(asc(neighbourhoodPostcode.postcode));
  return rows.map((n) => ({ ...n, postcodes: postcodes.filter((p) => p.neighbourhoodId === n.id).map((p) => p.postcode) }));
}

/** The neighbourhoods the actor coordinates (an admin sees all). */
export async function listCoordinatedNeighbourhoods({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  return withPostcodes(ctx, actor.isAdmin ? "all" : [...actor.coordinatorOf]);
}

/** The admin overview: every neighbourhood with its postcodes, and every organisation. */
export async function getAdminOverview({ ctx }: { ctx: Ctx }) {
  ensure(can.administer(requireActor(ctx.actor)));
  const [neighbourhoods, organisations] = await Promise.all([
    withPostcodes(ctx, "all"),
    ctx.database.db
      .select({ id: organisation.id, name: organisation.name, slug: organisation.slug, status: organisation.status })
      .from(organisation)
      .orderBy(asc(organisation.name)),
  ]);
  return { neighbourhoods, organisations };
}
