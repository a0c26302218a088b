import { eq } from "drizzle-orm";
import { neighbourhood, user } from "#db/schema";
import type { Ctx } from "../context.server";
import { requireActor } from "../permissions";

export async function setOwnLocale({ ctx, input }: { ctx: Ctx; input: { locale: "nl" | "en" } }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write((tx) => tx.update(user).set({ locale: input.locale }).where(eq(user.id, actor.userId)));
}

/** The signed-in person's own account, as shown on /me. */
export async function getOwnAccount({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx.actor);
  const [row] = await ctx.database.db
    .select({
      name: user.name,
      email: user.email,
      phone: user.phone,
      postcode: user.postcode,
      locale: user.locale,
      timeZone: user.timeZone,
      neighbourhood: neighbourhood.name,
    })
    .from(user)
    .innerJoin(neighbourhood, eq(neighbourhood.id, user.neighbourhoodId))
    .where(eq(user.id, actor.userId));
  return row!;
}
