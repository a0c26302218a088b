import { and, eq, gt, lt } from "drizzle-orm";
import { formDraft } from "#db/schema";
import type { Ctx } from "../context.server";
import { randomToken, sha256 } from "../keyring.server";
import { requireActor } from "../permissions";

/** How long a form sent before a step-up waits to be sent again. */
export const FORM_DRAFT_TTL = 15 * 60_000;

/** A form's fields as Conform parsed them: a value or a list of values per name. */
export type FormFields = Record<string, unknown>;

/**
 * Keeps a form the person sent while their second-factor proof was too old, sealed, for 15
 * minutes. Returns the id for the resume page; only its hash is stored.
 */
export async function saveFormDraft({ ctx, input }: { ctx: Ctx; input: { path: string; fields: FormFields } }): Promise<string> {
  const actor = requireActor(ctx.actor);
  const id = randomToken(24);
  const now = ctx.now();
  await ctx.database.write(async (tx) => {
    await tx.delete(formDraft).where(and(eq(formDraft.userId, actor.userId), lt(formDraft.expiresAt, now)));
    await tx.insert(formDraft).values({
      idHash: sha256(id),
      userId: actor.userId,
      path: input.path,
      sealed: ctx.keys.seal(input.fields),
      createdAt: now,
      expiresAt: now + FORM_DRAFT_TTL,
    });
  });
  return id;
}

/** The person's kept form, or null when it is unknown, someone else's or too old. */
export async function readFormDraft({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<{ path: string; fields: FormFields } | null> {
  const actor = requireActor(ctx.actor);
  const row = await ctx.database.db.query.formDraft.findFirst({
    where: and(eq(formDraft.idHash, sha256(input.id)), eq(formDraft.userId, actor.userId), gt(formDraft.expiresAt, ctx.now())),
  });
  if (!row) return null;
  const fields = ctx.keys.open(row.sealed);
  return { path: row.path, fields: fields && typeof fields === "object" ? (fields as FormFields) : {} };
}

/** Throws the kept form away ("do not send"). */
export async function discardFormDraft({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const actor = requireActor(ctx.actor);
  await ctx.database.write((tx) =>
    tx.delete(formDraft).where(and(eq(formDraft.idHash, sha256(input.id)), eq(formDraft.userId, actor.userId))),
  );
}

/**
 * The kept fields back as form names and values (`shifts[0].start`), the way Conform names them,
 * so that sending them again gives the action the same submission.
 */
export function draftFormEntries(fields: unknown, prefix = ""): [string, string][] {
  if (Array.isArray(fields)) return fields.flatMap((v, i) => draftFormEntries(v, `${prefix}[${i}]`));
  if (fields && typeof fields === "object")
    return Object.entries(fields).flatMap(([k, v]) => draftFormEntries(v, prefix ? `${prefix}.${k}` : k));
  if (typeof fields === "string" || typeof fields === "number" || typeof fields === "boolean") return [[prefix, String(fields)]];
  return [];
}
