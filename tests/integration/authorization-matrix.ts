import { eq } from "drizzle-orm";
import { organisation, signup } from "#db/schema";
import { restore, ROLES, type AuthzWorld, type Role, type SignedInRole } from "#tests/support/authz-world";

/*
 * THE AUTHORISATION MATRIX: for every route module in app/routes, for every role, what a GET and
 * a POST get. tests/integration/authorization-matrix.test.ts reads app/routes from the file system:
 * a route module without a row here fails, and so does a row without a route module. A new route
 * therefore cannot ship without its rules.
 *
 * Roles (tests/support/authz-world.ts builds them once, with one record per route parameter):
 *   visitor           signed out
 *   resident          a resident of N1, nothing more
 *   volunteer         a volunteer of N1 without a VOG; the carer's help request needs one, so it
 *                     does not fit them (as /requests/open decides)
 *   carer             owns the help requests (in N1) the matrix opens
 *   orgMember         a plain member of organisation A (its activity, initiative, linked facility)
 *   otherOrgAdmin     an admin of organisation B
 *   otherCoordinator  a coordinator of N2, in the same municipality as N1
 *   coordinator       a coordinator of N1, where the records live
 *   admin             a platform admin
 *
 * Outcome kinds:
 *   "ok"        GET: 200. POST: the action ran for this person and answered — 200, 400 (form
 *               errors), 409 (a conflict shown on the page) or a redirect anywhere but /login.
 *   "login"     a redirect to /login?redirectTo=… (for a GET, redirectTo is exactly the page asked).
 *   "404"       the same answer as for a record that does not exist. Every record a role may not
 *               see, and every page or action about a record the role may not use, answers 404 —
 *               never 403, which would tell that the record exists.
 *   "403"       only on role pages that name no record (/admin, /coordinator, /signals, exports…):
 *               there a 403 reveals nothing.
 *   "405"       the route has no action (POST) or only an action (GET).
 *   "400"/"409" exactly that status, where the rule itself is "refused before any record is read"
 *               (e.g. a token that does not verify, an offer from someone who is no volunteer).
 *   { redirect } a redirect to exactly that path.
 *
 * Requests: GETs as a browser sends them; for pages (modules with a default export) the test also
 * asks the single-fetch `.data` URL and expects the same outcome class (200 → 200, a redirect →
 * 202 with X-Remix-Redirect, 404/403 → the same status). POSTs are form posts from our own Origin
 * with an empty or minimal body (`post.body`), to `?index` for index routes as a browser does;
 * bodies are chosen so that the rights check is reached and so that an allowed role changes
 * nothing that other cells depend on (or `post.restore` puts it back). No cell may answer 5xx.
 *
 * Token routes (calendar feed, reminder, unsubscribe, invitation): the token is the credential, so
 * every role gets the same outcome; `wrongToken` gives the outcome for a token that does not
 * verify. Reminder and unsubscribe links answer a broken link with a clear 400 page (their own
 * HTTP tests fix that contract); the calendar feed and invitations answer 404.
 */

export type Outcome = "ok" | "login" | "400" | "403" | "404" | "405" | "409" | { redirect: string };
export type Expectations = Record<Role, Outcome>;

export interface MatrixRow {
  /** The route id: the file name in app/routes without its extension. */
  route: string;
  /** Values for the route's `$params`. */
  params?: (w: AuthzWorld) => Record<string, string | number>;
  /** A query string the page needs (without "?"). */
  query?: (w: AuthzWorld) => string;
  get: Expectations;
  post: Expectations & {
    body?: (w: AuthzWorld) => Record<string, string | number>;
    /** Sent as multipart/form-data, as the browser's form for this route does. */
    multipart?: boolean;
    /** Each role's POST uses a new login session (the action ends it). */
    freshSession?: boolean;
    /** Puts back what an allowed role's POST changed. */
    restore?: (w: AuthzWorld) => Promise<void>;
  };
  wrongToken?: { param: string; value: string; get: Outcome; post: Outcome };
  /**
   * What the coordinator and the admin signed in by email only get, where it does not follow from
   * the row (authorization-matrix.test.ts derives it: the resident's outcome, or the detour to
   * /login/second-factor where the role matters). Only for the second-factor pages themselves.
   */
  emailOnly?: { get?: Outcome; post?: Outcome };
}

// ── Helpers for writing expectations ─────────────────────────────────────────────────────────

const SIGNED_IN = ROLES.filter((r): r is SignedInRole => r !== "visitor");

/** The same outcome for every role, signed in or not. */
export function everyone(outcome: Outcome): Expectations {
  return Object.fromEntries(ROLES.map((r) => [r, outcome])) as Expectations;
}

/** Visitors go to sign in; the roles named get `ok` (default "ok"), every other role `otherwise`. */
export function allowed(roles: readonly SignedInRole[], otherwise: Outcome, ok: Outcome = "ok"): Expectations {
  return { visitor: "login", ...Object.fromEntries(SIGNED_IN.map((r) => [r, roles.includes(r) ? ok : otherwise])) } as Expectations;
}

/** Visitors go to sign in; every signed-in role gets `outcome`. */
export const signedIn = (outcome: Outcome = "ok") => allowed(SIGNED_IN, outcome, outcome);

/**
 * For actions that check the whole form before they read any record: the empty form is refused
 * with 400 for every signed-in role alike (which tells nothing), so these POST cells prove only
 * that; the rights behind the form are the GET cells' (and the domain tests') to prove.
 */
export const formFirst = (roles: readonly SignedInRole[]) => allowed(roles, "400");

/** Everyone gets `base`, except the roles overridden. */
export const except = (base: Expectations, overrides: Partial<Expectations>): Expectations => ({ ...base, ...overrides });

const COORDINATORS = ["coordinator", "otherCoordinator", "admin"] as const;
const N1_COORDINATORS = ["coordinator", "admin"] as const;
/** Who may post for organisation A: its members, and platform admins. */
const ORG_A = ["orgMember", "admin"] as const;
/** Who may manage organisation A: its admins (not a role here), and platform admins. */
const ORG_A_MANAGERS = ["admin"] as const;
/** Who keeps the facility: coordinators of N1 and admins; members of the linked organisation A keep its status. */
const FACILITY_KEEPERS = ["coordinator", "admin", "orgMember"] as const;

const noAction = everyone("405");
const home = { redirect: "/" } as const;

// ── The matrix ───────────────────────────────────────────────────────────────────────────────

export const MATRIX: MatrixRow[] = [
  // Public pages
  { route: "_index", get: everyone("ok"), post: noAction },
  { route: "accessibility", get: everyone("ok"), post: noAction },
  { route: "privacy", get: everyone("ok"), post: noAction },
  { route: "healthz", get: everyone("ok"), post: noAction },
  { route: "map", get: everyone("ok"), post: noAction },
  { route: "map_.cooperation", get: everyone("ok"), post: noAction },
  { route: "activities._index", get: everyone("ok"), post: noAction },
  { route: "initiatives._index", get: everyone("ok"), post: noAction },
  { route: "locale", get: everyone(home), post: everyone(home) },

  // Signing in and out
  { route: "login._index", get: except(everyone(home), { visitor: "ok" }), post: everyone("ok") },
  // The confirm page of a real sign-in link shows the same to anyone; posting without the token fails.
  { route: "login.verify", query: (w) => `token=${w.tokens.signInLink}`, get: everyone("ok"), post: everyone("ok") },
  // Without a pending first sign-in there is no welcome form: back to /login.
  { route: "login.welcome", get: everyone({ redirect: "/login" }), post: everyone({ redirect: "/login" }) },
  { route: "logout", get: everyone(home), post: { ...everyone(home), freshSession: true } },
  // The second step: nothing to prove for a session that already did (or has no factor) — home.
  // Staff signed in by email only get the page (to add an app: no factor yet in this world); the
  // empty POST names no form.
  {
    route: "login.second-factor",
    get: except(everyone(home), { visitor: "login" }),
    post: except(everyone(home), { visitor: "login" }),
    emailOnly: { get: "ok", post: "400" },
  },
  // A form kept through a step-up, offered again; without a draft an empty page, its POST goes home.
  { route: "login.resume", get: signedIn("ok"), post: signedIn("ok") },
  // Passkey ceremonies (JSON, POST only): the empty body is refused before anything is read.
  { route: "login.passkey", get: everyone("405"), post: signedIn("400") },

  // Activities
  {
    route: "activities.$id._index",
    params: (w) => ({ id: w.ids.activity }),
    get: everyone("ok"),
    post: signedIn("ok"),
  },
  {
    route: "activities.$id.calendar[.]ics",
    params: (w) => ({ id: w.ids.activity }),
    query: (w) => `session=${w.ids.session}`,
    get: everyone("ok"),
    post: noAction,
  },
  {
    route: "activities.$id.manage",
    params: (w) => ({ id: w.ids.activity }),
    // Coordinators of N1 may look into an activity in their neighbourhood, not message its people.
    get: allowed([...ORG_A, "coordinator"], "404"),
    post: { ...allowed(ORG_A, "404"), body: () => ({ body: "Tot zaterdag!" }) },
  },
  {
    route: "activities.$id.signups[.]csv",
    params: (w) => ({ id: w.ids.activity }),
    get: allowed([...ORG_A, "coordinator"], "404"),
    post: noAction,
  },
  { route: "activities.manage", get: signedIn("ok"), post: noAction },
  { route: "activities.new", get: signedIn("ok"), post: signedIn("ok") },
  { route: "activities.open-shifts", get: signedIn("ok"), post: noAction },
  {
    route: "sessions.$id.edit",
    params: (w) => ({ id: w.ids.session }),
    get: allowed(ORG_A, "404"),
    post: { ...allowed(ORG_A, "404"), body: () => ({ intent: "capacity" }) },
  },
  {
    route: "sessions.$id.attendance",
    params: (w) => ({ id: w.ids.session }),
    get: allowed(ORG_A, "404"),
    post: { ...allowed(ORG_A, "404"), body: (w) => ({ "entries[0].signupId": w.ids.participantSignup }) },
  },
  {
    route: "signups.$id",
    params: (w) => ({ id: w.ids.residentSignup }),
    get: everyone("404"),
    // Only the person who signed up may cancel it.
    post: {
      ...allowed(["resident"], "404"),
      body: () => ({ intent: "cancel" }),
      restore: async (w) => {
        await w.server.database.write((tx) =>
          tx.update(signup).set({ status: "confirmed", cancelledAt: null }).where(eq(signup.id, w.ids.residentSignup)),
        );
      },
    },
  },

  // Personal pages
  { route: "me._index", get: signedIn("ok"), post: signedIn("ok") },
  { route: "me.hours", get: signedIn("ok"), post: signedIn("ok") },
  { route: "me.schedule", get: signedIn("ok"), post: signedIn("ok") },
  { route: "me.volunteer", get: signedIn("ok"), post: signedIn("ok") },
  // Without an intent the POST goes back to the page.
  { route: "me.security", get: signedIn("ok"), post: signedIn("ok") },
  // Download my data (issue 14): the page and the JSON, read-only.
  { route: "me.data", get: signedIn("ok"), post: noAction },
  { route: "me.data[.]json", get: signedIn("ok"), post: noAction },
  // Deleting one's account (issue 14): the empty confirmation is refused (400) for everyone signed
  // in, so nobody's account goes; the page after it is public.
  { route: "me.delete", get: signedIn("ok"), post: signedIn("400") },
  { route: "account-deleted", get: everyone("ok"), post: noAction },
  // Confirming a new email address (issue 14): the mailed token is the credential, so every role
  // gets the same answer; a token that was never issued is the neutral "link does not work" 404.
  // The working link is covered in profile-http.test.ts.
  {
    route: "me.email.$token",
    params: () => ({ token: "bm90LWFuLWVtYWlsLWNoYW5nZS10b2tlbi1hdC1hbGw" }),
    get: everyone("404"),
    post: everyone("404"),
  },

  // Organisations and initiatives
  { route: "organisations.new", get: signedIn("ok"), post: signedIn("ok") },
  {
    route: "organisations.$slug",
    params: (w) => ({ slug: w.ids.orgASlug }),
    get: everyone("ok"),
    // The page's POST is "leave this organisation": only a member can.
    post: { ...allowed(["orgMember"], "404"), restore: restore.membership },
  },
  {
    route: "organisations.$slug_.edit",
    params: (w) => ({ slug: w.ids.orgASlug }),
    get: allowed(ORG_A_MANAGERS, "404"),
    post: formFirst(ORG_A_MANAGERS),
  },
  {
    route: "organisations.$slug_.members",
    params: (w) => ({ slug: w.ids.orgASlug }),
    get: allowed(ORG_A_MANAGERS, "404"),
    post: { ...allowed(ORG_A_MANAGERS, "404"), body: () => ({ intent: "invite", email: "nieuw-lid@example.org", role: "member" }) },
  },
  {
    route: "initiatives.$id",
    params: (w) => ({ id: w.ids.initiative }),
    get: everyone("ok"),
    post: signedIn("ok"),
  },
  {
    route: "initiatives.$id_.edit",
    params: (w) => ({ id: w.ids.initiative }),
    get: allowed(ORG_A, "404"),
    post: formFirst(ORG_A),
  },
  {
    route: "initiatives.new",
    query: (w) => `organisation=${w.ids.orgASlug}`,
    get: allowed(ORG_A, "404"),
    post: formFirst(ORG_A),
  },
  {
    route: "invitations.$token",
    params: (w) => ({ token: w.tokens.invitation }),
    get: everyone("ok"),
    post: everyone("ok"),
    wrongToken: { param: "token", value: "bm90LWFuLWludml0YXRpb24tdG9rZW4tYXQtYWxs", get: "404", post: "404" },
  },

  // Help requests
  { route: "requests._index", get: signedIn("ok"), post: noAction },
  { route: "requests.new", get: signedIn("ok"), post: signedIn("ok") },
  {
    route: "requests.open",
    get: signedIn("ok"),
    // Offering help on a request that does not fit the volunteer: as if it did not exist. Anyone
    // else is told they are no volunteer before any request is read.
    post: { ...except(signedIn("409"), { volunteer: "404" }), body: (w) => ({ requestId: w.ids.helpRequest }) },
  },
  {
    route: "requests.$id._index",
    params: (w) => ({ id: w.ids.helpRequest }),
    get: allowed(["carer", ...N1_COORDINATORS], "404"),
    post: { ...except(signedIn("409"), { volunteer: "404" }), body: () => ({ intent: "offer" }) },
  },
  {
    route: "requests.$id.edit",
    params: (w) => ({ id: w.ids.helpRequest }),
    get: allowed(["carer"], "404"),
    post: formFirst(["carer"]),
  },
  {
    route: "requests.$id.sessions",
    params: (w) => ({ id: w.ids.matchedRequest }),
    get: allowed(["carer", ...N1_COORDINATORS], "404"),
    // Feedback is for the two sides of the match; the carer's is refused on the page (not ended yet).
    post: { ...allowed(["carer"], "404"), body: () => ({ intent: "feedback", text: "Het gaat goed." }) },
  },
  {
    route: "coordinator_.requests.$id",
    params: (w) => ({ id: w.ids.helpRequest }),
    get: allowed(N1_COORDINATORS, "404"),
    post: { ...allowed(N1_COORDINATORS, "404"), body: () => ({ intent: "ask" }) },
  },
  // Erasing the intake person behind a request (issue 14): coordinators of N1 only; the empty form
  // (no confirmation) is refused with 400 after the rights check, so nothing is erased.
  {
    route: "coordinator_.requests.$id_.erase",
    params: (w) => ({ id: w.ids.intakeRequest }),
    get: allowed(N1_COORDINATORS, "404"),
    post: allowed(N1_COORDINATORS, "404", "400"),
  },

  // Coordinators' and admins' pages
  { route: "admin", get: allowed(["admin"], "403"), post: noAction },
  // A staff member's security log: admins only; the empty form is refused (400) only for them.
  {
    route: "admin_.staff.$id",
    params: (w) => ({ id: w.users.coordinator }),
    get: allowed(["admin"], "404"),
    post: allowed(["admin"], "404"),
  },
  { route: "coordinator", get: allowed(COORDINATORS, "403"), post: noAction },
  { route: "coordinator_.intake", get: allowed(COORDINATORS, "403"), post: allowed(COORDINATORS, "403") },
  {
    route: "coordinator_.organisations",
    get: allowed(COORDINATORS, "403"),
    // Approving the pending organisation that serves N1: unseen by anyone else (404).
    post: {
      ...allowed(N1_COORDINATORS, "404"),
      body: (w) => ({ organisationId: w.ids.pendingOrg }),
      restore: async (w) => {
        await w.server.database.write((tx) =>
          tx.update(organisation).set({ status: "pending" }).where(eq(organisation.id, w.ids.pendingOrg)),
        );
      },
    },
  },
  {
    route: "coordinator_.volunteers",
    get: allowed(COORDINATORS, "403"),
    // The volunteer lives in N1: a coordinator of N2 may not see them.
    post: {
      ...except(allowed(N1_COORDINATORS, "403"), { otherCoordinator: "404" }),
      body: (w) => ({ userId: w.users.volunteer, vogStatus: "none" }),
      restore: restore.volunteerVog,
    },
  },
  { route: "coordinator_.facilities", get: allowed(COORDINATORS, "403"), post: noAction },
  {
    route: "coordinator_.facilities_.import",
    get: allowed(COORDINATORS, "403"),
    post: { ...allowed(COORDINATORS, "403"), body: () => ({ format: "json" }), multipart: true },
  },
  {
    route: "coordinator_.facilities_.import_.$id",
    params: (w) => ({ id: w.ids.facilityImport }),
    get: allowed(COORDINATORS, "404"),
    post: noAction,
  },

  // The social map
  {
    route: "facilities.$id",
    params: (w) => ({ id: w.ids.facility }),
    get: everyone("ok"),
    post: { ...allowed(FACILITY_KEEPERS, "404"), body: () => ({ intent: "verify" }) },
  },
  {
    route: "facilities.$id_.edit",
    params: (w) => ({ id: w.ids.facility }),
    get: allowed(FACILITY_KEEPERS, "404"),
    post: { ...allowed(FACILITY_KEEPERS, "404"), body: () => ({ mode: "status" }) },
  },
  { route: "facilities.new", get: allowed(COORDINATORS, "403"), post: formFirst(COORDINATORS) },
  { route: "facilities.export[.]json", get: allowed(COORDINATORS, "403"), post: noAction },
  {
    route: "facilities.export.$table[.]csv",
    params: () => ({ table: "services" }),
    get: allowed(COORDINATORS, "403"),
    post: noAction,
  },

  // Signals (every coordinator of the municipality reads them)
  { route: "signals._index", get: allowed(COORDINATORS, "403"), post: noAction },
  { route: "signals.new", get: allowed(COORDINATORS, "403"), post: formFirst(COORDINATORS) },
  { route: "signals.report", get: allowed(COORDINATORS, "403"), post: noAction },
  { route: "signals.report[.]csv", get: allowed(COORDINATORS, "403"), post: noAction },
  { route: "signals.thresholds", get: allowed(COORDINATORS, "403"), post: formFirst(COORDINATORS) },
  {
    route: "signals.$id",
    params: (w) => ({ id: w.ids.signal }),
    get: allowed(COORDINATORS, "404"),
    // Changing a signal needs its neighbourhood (N1).
    post: {
      ...allowed(N1_COORDINATORS, "404"),
      body: () => ({ intent: "respond", respondedOn: "2026-11-28", response: "We gaan het bespreken." }),
    },
  },

  // Care circles (decision 048): only current members; everyone else 404, visitors sign in.
  // (circles: members and invitations)
  // My circles: a list of one's own (empty for everyone but the carer); starting one is a form.
  { route: "circles._index", get: signedIn("ok"), post: noAction },
  { route: "circles.new", get: signedIn("ok"), post: signedIn("400") },
  {
    route: "circles.$id.members",
    params: (w) => ({ id: w.ids.circle }),
    get: allowed(["carer"], "404"),
    // The lead's setting, posted as it already is ("members may post" off): changes nothing.
    post: { ...allowed(["carer"], "404"), body: () => ({ intent: "settings" }) },
  },
  {
    // The token is the key: everyone sees the invitation page; accepting needs the invited address.
    route: "circle-invitations.$token",
    params: (w) => ({ token: w.tokens.circleInvitation }),
    get: everyone("ok"),
    post: everyone("ok"),
    wrongToken: { param: "token", value: "bm90LWEtY2lyY2xlLWludml0YXRpb24tdG9rZW4", get: "404", post: "404" },
  },

  // (circles: the task calendar, claims and the hand-off)
  {
    route: "circles.$id._index",
    params: (w) => ({ id: w.ids.circle }),
    get: allowed(["carer"], "404"),
    // Taking the place of tomorrow's task: only a member can; the place is given back afterwards.
    post: {
      ...allowed(["carer"], "404"),
      body: (w) => ({ intent: "claim", occurrenceId: w.ids.circleOccurrence }),
      restore: restoreCircleOccurrence,
    },
  },
  {
    route: "circles.$id.tasks.new",
    params: (w) => ({ id: w.ids.circle }),
    get: allowed(["carer"], "404"),
    // A whole, valid task, so the rights check is reached; the one added is removed again.
    post: {
      ...allowed(["carer"], "404"),
      body: () => ({
        kind: "meal",
        title: "Matrix",
        places: 1,
        startDate: "2026-12-01",
        startTime: "18:00",
        endTime: "19:00",
        repeat: "once",
      }),
      restore: restoreCircleTasks,
    },
  },
  {
    route: "circles.$id.tasks.$taskId",
    params: (w) => ({ id: w.ids.circle, taskId: w.ids.circleTask }),
    get: allowed(["carer"], "404"),
    // Dropping tomorrow's time of the task (the carer added it and leads the circle); put back afterwards.
    post: {
      ...allowed(["carer"], "404"),
      body: (w) => ({ intent: "cancel-occurrence", occurrenceId: w.ids.circleOccurrence }),
      restore: restoreCircleOccurrence,
    },
  },

  {
    // The warm hand-off: only the circle's lead; the empty form is refused (400) after that check.
    route: "circles.$id.hand-off",
    params: (w) => ({ id: w.ids.circle }),
    get: allowed(["carer"], "404"),
    post: allowed(["carer"], "404"),
  },

  // (circles: the updates board and conversations)
  // The board and the circle's conversation: its members only (the carer leads). The POST carries
  // a valid text, so every other role reaches the membership check (404).
  {
    route: "circles.$id.updates",
    params: (w) => ({ id: w.ids.circle }),
    get: allowed(["carer"], "404"),
    post: { ...allowed(["carer"], "404"), body: () => ({ intent: "post", body: "Opa slaapt beter." }) },
  },
  {
    route: "circles.$id.messages",
    params: (w) => ({ id: w.ids.circle }),
    get: allowed(["carer"], "404"),
    post: { ...allowed(["carer"], "404"), body: () => ({ intent: "send", body: "Wie kan zaterdag?" }) },
  },
  // A help request's conversation: the requester and the coordinators of its neighbourhood (the
  // matched helper too, not a role here); an admin without a coordinator grant is not one of them.
  {
    route: "requests.$id.messages",
    params: (w) => ({ id: w.ids.helpRequest }),
    get: allowed(["carer", "coordinator"], "404"),
    post: { ...allowed(["carer", "coordinator"], "404"), body: () => ({ intent: "send", body: "Dank u wel." }) },
  },

  // Links from email: the token is the key
  {
    route: "calendar.$token[.]ics",
    params: (w) => ({ token: w.tokens.calendar }),
    get: everyone("ok"),
    post: noAction,
    wrongToken: { param: "token", value: "x".repeat(43), get: "404", post: "405" },
  },
  {
    route: "reminders.$token",
    params: (w) => ({ token: w.tokens.reminder }),
    get: everyone("ok"),
    post: everyone("ok"),
    wrongToken: { param: "token", value: "eyJrIjoicyJ9.bm90LWEtc2lnbmF0dXJl", get: "400", post: "400" },
  },
  {
    route: "unsubscribe.$token",
    params: (w) => ({ token: w.tokens.unsubscribe }),
    get: everyone("ok"),
    post: everyone("ok"),
    wrongToken: { param: "token", value: "1.digest.bm90LWEtc2lnbmF0dXJlLWF0LWFsbA", get: "400", post: "400" },
  },

  // The local mailbox: on in this server (NODE_ENV=test, no Resend key), and then for anyone —
  // that is what it is for (a demo reads its own sign-in mail). Off, it does not exist (other tests).
  { route: "dev.mailbox._index", get: everyone("ok"), post: noAction },
  { route: "dev.mailbox.$id._index", params: (w) => ({ id: w.ids.mailboxMessage }), get: everyone("ok"), post: noAction },
  { route: "dev.mailbox.$id.html", params: (w) => ({ id: w.ids.mailboxMessage }), get: everyone("ok"), post: noAction },

  // Resend's webhook: no GET; a POST without a valid signature is refused, never a 500.
  { route: "webhooks.resend", get: everyone("405"), post: everyone("400") },
];

export const describeOutcome = (o: Outcome) => (typeof o === "string" ? o : `redirect ${o.redirect}`);

// (circles: the task calendar, claims and the hand-off) — putting back what the allowed POSTs change.
// Dynamic imports keep this section's tables out of the file's shared import lines.

/** Tomorrow's task time in the carer's circle is scheduled again, with no one's place taken. */
async function restoreCircleOccurrence(w: AuthzWorld) {
  const { circleTask, circleTaskClaim, circleTaskOccurrence, emailOutbox } = await import("#db/schema");
  await w.server.database.write(async (tx) => {
    await tx.delete(circleTaskClaim).where(eq(circleTaskClaim.occurrenceId, w.ids.circleOccurrence));
    await tx.delete(emailOutbox).where(eq(emailOutbox.topic, `circle-occurrence:${w.ids.circleOccurrence}`));
    await tx
      .update(circleTaskOccurrence)
      .set({ status: "scheduled", sequence: 0 })
      .where(eq(circleTaskOccurrence.id, w.ids.circleOccurrence));
    await tx.update(circleTask).set({ cancelledAt: null }).where(eq(circleTask.id, w.ids.circleTask));
  });
}

/** The carer's circle keeps only its one task. */
async function restoreCircleTasks(w: AuthzWorld) {
  const { circleTask } = await import("#db/schema");
  const { and, ne } = await import("drizzle-orm");
  await w.server.database.write((tx) =>
    tx.delete(circleTask).where(and(eq(circleTask.circleId, w.ids.circle), ne(circleTask.id, w.ids.circleTask))),
  );
}
