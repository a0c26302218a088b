import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import { circleMember, emailOutbox } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import {
  createCareRecipient,
  createCircle,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createUser,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs, defaultTestKeys } from "#tests/support/ctx";

// The world circles.test.ts and circle-invitations.test.ts share: one database per test file, a
// neighbourhood with its coordinator, an admin, a carer who leads the circle around Opa Jan, a
// member, a former member, the helper matched on the carer's help request and another carer.

export let database: TestDatabase;
/** A fixed clock: Friday 4 December 2026, 11:00 in Amsterdam. */
export const now = Date.UTC(2026, 11, 4, 10, 0);

export const ids = {} as Record<
  | "north"
  | "south"
  | "carer"
  | "member"
  | "formerMember"
  | "invitee"
  | "otherCarer"
  | "helper"
  | "coordinator"
  | "admin"
  | "recipient"
  | "circle",
  number
>;
export const emails = {
  carer: "carla@example.org",
  member: "mo@example.org",
  formerMember: "fien@example.org",
  invitee: "ivo@example.org",
  otherCarer: "otto@example.org",
};

/** Registers the shared world for the calling test file. */
export function setUpCirclesWorld() {
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.write(async (tx) => {
      const town = await createMunicipality(tx);
      ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
      ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
      const person = async (email: string, name: string, neighbourhoodId = ids.north) =>
        (await createUser(tx, { email, name, neighbourhoodId })).id;
      ids.carer = await person(emails.carer, "Carla de Vries");
      ids.member = await person(emails.member, "Mo Bakker");
      ids.formerMember = await person(emails.formerMember, "Fien Smit");
      ids.invitee = await person(emails.invitee, "Ivo Jansen");
      ids.otherCarer = await person(emails.otherCarer, "Otto Visser", ids.south);
      ids.helper = await person("hanna@example.org", "Hanna Helper");
      ids.coordinator = await person("coord@example.org", "Cor Coördinator");
      await grantCoordinator(tx, ids.coordinator, [ids.north]);
      ids.admin = await person("admin@example.org", "Ada Admin");
      await grantAdmin(tx, ids.admin);
      const recipient = await createCareRecipient(tx, { carerId: ids.carer, neighbourhoodId: ids.north, firstName: "Jan" });
      ids.recipient = recipient.id;
      ids.circle = (
        await createCircle(tx, {
          careRecipientId: recipient.id,
          neighbourhoodId: ids.north,
          leadId: ids.carer,
          name: "Kring rond Opa Jan",
          members: [{ userId: ids.member }, { userId: ids.formerMember }],
        })
      ).id;
      // Fien was a member and left.
      await tx
        .update(circleMember)
        .set({ leftAt: now - 86_400_000, leftReason: "left" })
        .where(and(eq(circleMember.circleId, ids.circle), eq(circleMember.userId, ids.formerMember)));
      // The helper matched on the carer's help request for Jan: helps, but is not in the circle.
      await createHelpRequest(tx, {
        neighbourhoodId: ids.north,
        requesterId: ids.carer,
        careRecipientId: recipient.id,
        status: "matched",
        matchedVolunteerId: ids.helper,
        matchedAt: now - 86_400_000,
      });
    });
  });
  afterAll(() => database?.cleanup());
}

export const ctxFor = (userId: number | null, at: number = now): Promise<Ctx> => ctxAs(database, userId, { now: () => at });

/** Circle-invitation mails to this address. */
export const invitationMails = (email: string) =>
  database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, "circle-invitation")));

/** The token in the newest invitation mail to this address (opened from the sealed secrets). */
export async function invitationToken(email: string): Promise<string> {
  const row = (await invitationMails(email)).at(-1);
  expect(row, `an invitation mail to ${email}`).toBeDefined();
  const link = (defaultTestKeys.open(row!.sealedSecrets!) as { link: string }).link;
  return link.slice(link.lastIndexOf("/") + 1);
}
