import { eq } from "drizzle-orm";
import { neighbourhood } from "#db/schema";
import type { Ctx } from "../../context.server";
import { NotFound } from "../../errors";
import { can, ensure, requireActor } from "../../permissions";

/**
 * Import and export work on one municipality's social map at a time: the municipality of the
 * neighbourhoods the coordinator coordinates (an admin: of their own neighbourhood). Only
 * coordinators and admins exchange facility files.
 */
export async function exchangeMunicipalityId(ctx: Ctx): Promise<number> {
  const actor = requireActor(ctx.actor);
  ensure(can.coordinateAnywhere(actor));
  const neighbourhoodId = actor.coordinatorOf[0] ?? actor.neighbourhoodId;
  const [row] = await ctx.database.db
    .select({ municipalityId: neighbourhood.municipalityId })
    .from(neighbourhood)
    .where(eq(neighbourhood.id, neighbourhoodId));
  if (!row) throw new NotFound();
  return row.municipalityId;
}
