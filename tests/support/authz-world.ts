import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { emailOutbox, facilityImport, helpRequestWindow, mailboxMessage, organisationMembership, volunteerProfile } from "#db/schema";
import { regenerateFeedToken } from "~/domain/calendar/feeds.server";
import { requestSignIn } from "~/domain/accounts/sign-in.server";
import { inviteMember } from "~/domain/organisations/invitations.server";
import { inviteToCircle } from "~/domain/circles/invitations.server";
import { unsubscribeToken } from "~/domain/notifications/preferences.server";
import { reminderLinkToken } from "~/domain/notifications/reminder-links.server";
import { createTestSession } from "./sessions";
import {
  addMember,
  createActivity,
  createCareConsent,
  createCareRecipient,
  createCircle,
  createCircleTaskRecord,
  createFacility,
  createHelpRequest,
  createHelpSession,
  createInitiative,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createSignalRecord,
  createSignupRecord,
  createUser,
  createVolunteerProfile,
  grantAdmin,
  grantCoordinator,
  serveNeighbourhoods,
} from "~/demo/builders";
import { ctxAs } from "./ctx";
import { startTestServer, type TestServer } from "./server";

// One small town for the authorisation matrix (tests/integration/authorization-matrix.test.ts):
// the nine roles (plus the coordinator and the admin signed in by email only, see EMAIL_ONLY_STAFF),
// and one record for every route parameter. Neighbourhoods N1 and N2 lie in the
// same municipality (not adjacent); every record the matrix asks about lives in N1 or belongs to
// organisation A (which serves N1). Organisation B serves N2.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Saturday 28 November 2026, 11:00 in Amsterdam; the server's clock stands still here. */
export const AUTHZ_NOW = Date.UTC(2026, 10, 28, 10, 0);

/**
 * The roles the matrix opens pages as:
 * - visitor: signed out
 * - resident: a resident of N1, nothing more
 * - volunteer: a volunteer of N1 without a VOG (the help request needs one: it does not fit them)
 * - carer: the carer whose help requests (in N1) the matrix opens
 * - orgMember: a plain member of organisation A (whose activity, initiative and facility it opens)
 * - otherOrgAdmin: an admin of organisation B
 * - otherCoordinator: a coordinator of N2 (same municipality)
 * - coordinator: a coordinator of N1, where the records live
 * - admin: a platform admin
 */
export const ROLES = [
  "visitor",
  "resident",
  "volunteer",
  "carer",
  "orgMember",
  "otherOrgAdmin",
  "otherCoordinator",
  "coordinator",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];
export type SignedInRole = Exclude<Role, "visitor">;

/**
 * Staff signed in by email alone: the coordinator's and the admin's own accounts, in a session that
 * has not proved a second factor. Not a column of the matrix: their outcome follows from the rows
 * (authorization-matrix.test.ts, "staff signed in by email only").
 */
export const EMAIL_ONLY_STAFF = { coordinatorEmailOnly: "coordinator", adminEmailOnly: "admin" } as const;
export type EmailOnlyRole = keyof typeof EMAIL_ONLY_STAFF;

export interface AuthzWorld {
  server: TestServer;
  users: Record<SignedInRole | "orgAdmin" | "participant" | "helper", number>;
  ids: {
    town: number;
    n1: number;
    n2: number;
    orgA: number;
    orgASlug: string;
    orgB: number;
    pendingOrg: number;
    activity: number;
    session: number;
    residentSignup: number;
    participantSignup: number;
    initiative: number;
    helpRequest: number;
    matchedRequest: number;
    intakeRequest: number;
    facility: number;
    facilityImport: number;
    signal: number;
    mailboxMessage: number;
    /** The carer's care circle (the carer is its lead; no other role is a member). */
    circle: number;
    circleTask: number;
    circleOccurrence: number;
  };
  tokens: {
    calendar: string;
    reminder: string;
    unsubscribe: string;
    invitation: string;
    signInLink: string;
    /** An open invitation to the carer's circle, for an address none of the roles has. */
    circleInvitation: string;
  };
  /** The session cookie header of a role (a fresh login session when `fresh`), or none for the visitor. */
  cookieFor(role: Role | EmailOnlyRole, options?: { fresh?: boolean }): Promise<string | null>;
  close(): Promise<void>;
}

const PARTICIPANT_EMAIL = `piet-${process.pid}@example.org`;

export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString("base64")}`;

/** Starts the real server (limits raised: one IP asks a thousand times) and builds the world. */
export async function startAuthzWorld(): Promise<AuthzWorld> {
  const server = await startTestServer({
    now: () => AUTHZ_NOW,
    env: { RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET },
    rateLimits: {
      general: { windowMs: 60_000, limit: 100_000 },
      strict: { windowMs: 60_000, limit: 100_000 },
    },
  });
  const users = {} as AuthzWorld["users"];
  const ids = {} as AuthzWorld["ids"];

  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx, { name: "Hoflanden" });
    ids.town = town.id;
    ids.n1 = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.n2 = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    const person = async (name: string, neighbourhoodId = ids.n1) =>
      (await createUser(tx, { name, neighbourhoodId, phone: "0612345678" })).id;

    users.resident = await person("Rita Bewoner");
    users.volunteer = await person("Vera Vrijwilliger");
    await createVolunteerProfile(tx, { userId: users.volunteer });
    users.carer = await person("Carla Mantelzorger");
    users.orgMember = await person("Otto Lid");
    users.otherOrgAdmin = await person("Bea Beheerder B", ids.n2);
    users.otherCoordinator = await person("Kees Zuid", ids.n2);
    await grantCoordinator(tx, users.otherCoordinator, [ids.n2]);
    users.coordinator = await person("Karin Noord");
    await grantCoordinator(tx, users.coordinator, [ids.n1]);
    users.admin = await person("Anna Beheer");
    await grantAdmin(tx, users.admin);
    // People the matrix does not sign in as: organisation A's own admin, a participant whose
    // links (calendar, reminder, unsubscribe) are the token routes' records, and the helper
    // matched on the carer's second request.
    users.orgAdmin = await person("Adam Beheerder A");
    users.participant = (await createUser(tx, { name: "Piet Deelnemer", neighbourhoodId: ids.n1, email: PARTICIPANT_EMAIL })).id;
    users.helper = await person("Hans Helper");
    await createVolunteerProfile(tx, { userId: users.helper, vogStatus: "valid", vogValidUntil: "2028-01-01" });

    const orgA = await createOrganisation(tx, { name: "Buurthuis Noord" });
    ids.orgA = orgA.id;
    ids.orgASlug = orgA.slug;
    await serveNeighbourhoods(tx, orgA.id, [ids.n1]);
    await addMember(tx, orgA.id, users.orgAdmin, "admin");
    await addMember(tx, orgA.id, users.orgMember, "member");
    const orgB = await createOrganisation(tx, { name: "Sportclub Zuid" });
    ids.orgB = orgB.id;
    await serveNeighbourhoods(tx, orgB.id, [ids.n2]);
    await addMember(tx, orgB.id, users.otherOrgAdmin, "admin");
    const pending = await createOrganisation(tx, { name: "Nieuw Initiatief Noord", status: "pending" });
    ids.pendingOrg = pending.id;
    await serveNeighbourhoods(tx, pending.id, [ids.n1]);
    await addMember(tx, pending.id, users.orgAdmin, "admin");

    ids.initiative = (await createInitiative(tx, { organisationId: orgA.id, title: "Samen eten in Noord" })).id;
    const act = await createActivity(tx, {
      organisationId: orgA.id,
      neighbourhoodId: ids.n1,
      initiativeId: ids.initiative,
      title: "Koffieochtend",
    });
    ids.activity = act.id;
    const session = await createSession(tx, { activityId: act.id, startsAt: AUTHZ_NOW + 3 * DAY });
    ids.session = session.id;
    ids.residentSignup = (await createSignupRecord(tx, { sessionId: session.id, userId: users.resident })).id;
    ids.participantSignup = (await createSignupRecord(tx, { sessionId: session.id, userId: users.participant })).id;

    // The carer's open request: needs a VOG, so the volunteer (without one) is not one it fits.
    const consent = await createCareConsent(tx, users.carer);
    const recipient = await createCareRecipient(tx, {
      carerId: users.carer,
      neighbourhoodId: ids.n1,
      firstName: "Opa Jan",
      notesForHelpers: "Jan heeft dementie.",
    });
    const request = await createHelpRequest(tx, {
      neighbourhoodId: ids.n1,
      requesterId: users.carer,
      careRecipientId: recipient.id,
      careConsentId: consent.id,
      status: "open",
      requiresVog: true,
      address: "Lindelaan 12",
      privateText: "Sleutel ligt onder de mat.",
      publicText: "Twee middagen gezelschap voor opa.",
      createdAt: AUTHZ_NOW - 2 * HOUR,
      updatedAt: AUTHZ_NOW - 2 * HOUR,
    });
    ids.helpRequest = request.id;
    // The carer's care circle around Opa Jan, with one task tomorrow.
    ids.circle = (
      await createCircle(tx, { careRecipientId: recipient.id, neighbourhoodId: ids.n1, leadId: users.carer, name: "Kring rond Opa Jan" })
    ).id;
    const circleTask = await createCircleTaskRecord(tx, {
      circleId: ids.circle,
      startsAt: AUTHZ_NOW + DAY,
      title: "Soep brengen",
      notes: "Jan eet geen zout.",
      createdById: users.carer,
    });
    ids.circleTask = circleTask.task.id;
    ids.circleOccurrence = circleTask.occurrence.id;
    await tx.insert(helpRequestWindow).values([
      { requestId: request.id, startsAt: Date.UTC(2026, 11, 1, 13), endsAt: Date.UTC(2026, 11, 1, 16) },
      { requestId: request.id, startsAt: Date.UTC(2026, 11, 8, 13), endsAt: Date.UTC(2026, 11, 8, 16) },
    ]);
    // A second request of the carer, matched with the helper: its helping sessions page.
    const matched = await createHelpRequest(tx, {
      neighbourhoodId: ids.n1,
      requesterId: users.carer,
      status: "matched",
      matchedVolunteerId: users.helper,
      matchedAt: AUTHZ_NOW - DAY,
      createdAt: AUTHZ_NOW - 5 * DAY,
      updatedAt: AUTHZ_NOW - DAY,
    });
    ids.matchedRequest = matched.id;
    // A request registered by the coordinator at intake for someone without an account (erasable).
    ids.intakeRequest = (
      await createHelpRequest(tx, {
        neighbourhoodId: ids.n1,
        requesterId: null,
        registeredById: users.coordinator,
        contactName: "Mevrouw Intake",
        contactPhone: "0612345678",
        status: "submitted",
        createdAt: AUTHZ_NOW - DAY,
        updatedAt: AUTHZ_NOW - DAY,
      })
    ).id;
    await createHelpSession(tx, { requestId: matched.id, startsAt: AUTHZ_NOW + 2 * DAY });

    // A facility in N1, linked to organisation A (its members may keep its status current).
    const facility = await createFacility(tx, {
      municipalityId: town.id,
      neighbourhoodId: ids.n1,
      organization: { organisationId: orgA.id },
    });
    ids.facility = facility.service.id;
    const [job] = await tx
      .insert(facilityImport)
      .values({
        municipalityId: town.id,
        format: "json",
        status: "done",
        total: 0,
        processed: 0,
        createdById: users.coordinator,
        createdAt: AUTHZ_NOW - DAY,
        finishedAt: AUTHZ_NOW - DAY,
      })
      .returning();
    ids.facilityImport = job!.id;
    ids.signal = (
      await createSignalRecord(tx, {
        municipalityId: town.id,
        neighbourhoodId: ids.n1,
        createdById: users.coordinator,
        createdAt: AUTHZ_NOW - DAY,
      })
    ).id;
    const [mail] = await tx
      .insert(mailboxMessage)
      .values({
        idempotencyKey: `authz-matrix-${process.pid}`,
        toAddress: "piet@example.org",
        fromAddress: "Noaber <noreply@noaber.test>",
        subject: "Uw inloglink voor Noaber",
        html: "<p>Hallo</p>",
        text: "Hallo",
        headers: {},
        receivedAt: AUTHZ_NOW - HOUR,
      })
      .returning();
    ids.mailboxMessage = mail!.id;
  });

  // Tokens through the domain verbs, as the app makes them.
  const ctxOf = (userId: number) =>
    ctxAs(server.database, userId, { now: () => AUTHZ_NOW, keys: server.services.keys, appUrl: server.url });
  const { token: calendar } = await regenerateFeedToken({ ctx: await ctxOf(users.participant) });
  const reminder = reminderLinkToken(server.services.keys, {
    kind: "signup",
    id: ids.participantSignup,
    userId: users.participant,
    action: "confirm",
    expiresAt: AUTHZ_NOW + 3 * DAY,
  });
  const unsubscribe = unsubscribeToken(server.services.keys, users.participant, "digest");
  const invitee = `uitgenodigd-${process.pid}@example.org`;
  await inviteMember({ ctx: await ctxOf(users.orgAdmin), input: { slug: ids.orgASlug, email: invitee, role: "member" } });
  /** The token at the end of the link in the newest mail of this template to this address. */
  const linkToken = async (template: string, to: string) => {
    const [outbox] = await server.database.db
      .select({ sealed: emailOutbox.sealedSecrets })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.template, template), eq(emailOutbox.toAddress, to)))
      .orderBy(desc(emailOutbox.id));
    const link = (server.services.keys.open(outbox!.sealed!) as { link: string }).link;
    return decodeURIComponent(new URL(link).pathname.split("/").pop()!);
  };
  const invitation = await linkToken("organisation-invitation", invitee);
  // An open invitation to the carer's circle (the token page shows it to whoever holds the link).
  const circleInvitee = `kring-${process.pid}@example.org`;
  await inviteToCircle({ ctx: await ctxOf(users.carer), input: { circleId: ids.circle, email: circleInvitee, role: "member" } });
  const circleInvitation = await linkToken("circle-invitation", circleInvitee);
  // A sign-in link for the participant: its confirm page (/login/verify?token=…).
  await requestSignIn({
    ctx: await ctxAs(server.database, null, { now: () => AUTHZ_NOW, keys: server.services.keys, appUrl: server.url }),
    input: { email: PARTICIPANT_EMAIL, requester: "127.0.0.1" },
  });
  const [signInMail] = await server.database.db
    .select({ sealed: emailOutbox.sealedSecrets })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.template, "sign-in"), eq(emailOutbox.toAddress, PARTICIPANT_EMAIL)))
    .orderBy(desc(emailOutbox.id));
  const signInLink = new URL((server.services.keys.open(signInMail!.sealed!) as { link: string }).link).searchParams.get("token")!;

  const sessions = new Map<SignedInRole | EmailOnlyRole, string>();
  async function cookieFor(role: Role | EmailOnlyRole, options: { fresh?: boolean } = {}) {
    if (role === "visitor") return null;
    let cookie = options.fresh ? undefined : sessions.get(role);
    if (!cookie) {
      const emailOnly = role in EMAIL_ONLY_STAFF;
      const userId = users[emailOnly ? EMAIL_ONLY_STAFF[role as EmailOnlyRole] : (role as SignedInRole)];
      const raw = await server.database.write((tx) => createTestSession(tx, userId, AUTHZ_NOW, { emailOnly }));
      cookie = (await server.services.cookies.session.serialize(raw)).split(";")[0]!;
      if (!options.fresh) sessions.set(role, cookie);
    }
    return cookie;
  }

  return {
    server,
    users,
    ids,
    tokens: { calendar, reminder, unsubscribe, invitation, signInLink, circleInvitation },
    cookieFor,
    close: () => server.close(),
  };
}

/** Puts back what a POST cell may have changed, so every cell sees the same world. */
export const restore = {
  async membership(world: AuthzWorld) {
    await world.server.database.write((tx) =>
      tx
        .insert(organisationMembership)
        .values({ organisationId: world.ids.orgA, userId: world.users.orgMember, role: "member", createdAt: Date.UTC(2026, 0, 1) })
        .onConflictDoNothing(),
    );
  },
  /** The volunteer stays without a VOG. */
  async volunteerVog(world: AuthzWorld) {
    await world.server.database.write((tx) =>
      tx.update(volunteerProfile).set({ vogStatus: "none", vogValidUntil: null }).where(eq(volunteerProfile.userId, world.users.volunteer)),
    );
  },
};
