import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type * as schema from "#db/schema";

/**
 * What happens to every table and every personal column when a person's account is erased
 * (issue 14, decision 031). Pure data: the erasure verb and the test that keeps this table complete
 * (tests/unit/erasure-table.test.ts) read it; nothing here touches the database.
 *
 * - `rows`: for the rows that are the person's own (found through `rowsOf`), "delete" (the row
 *   goes) or "keep-rows" (the row stays, with its personal columns treated as below).
 * - `rowsOf`: the columns through which a row is the erased person's: a reference to them, their
 *   address, or the record of theirs it belongs to (`request_id` → a help request they made).
 *   Empty: no row is anyone's own.
 * - A column's treatment applies to those rows; a column that refers to a person (`*_by_id`,
 *   `actor_id`, …) applies wherever it refers to the erased person, also in other people's rows.
 *   - "delete": goes with the row.
 *   - "anonymise": replaced by null or a fixed placeholder, so the row keeps counting in organisers'
 *     and municipal figures.
 *   - "pseudonymise": replaced by a stable meaningless token (one per erased person), so an
 *     append-only log stays complete and consistent without naming anyone.
 *   - "keep": stays, with the reason and for how long.
 *
 * Table and column names are the SQL ones (snake_case).
 */

type DrizzleTableName = {
  [K in keyof typeof schema]: (typeof schema)[K] extends SQLiteTable ? (typeof schema)[K]["_"]["name"] : never;
}[keyof typeof schema];

type ColumnErasure =
  { treatment: "delete" | "anonymise" | "pseudonymise"; reason: string } | { treatment: "keep"; reason: string; period: string };

type TableErasure = {
  rows: "delete" | "keep-rows";
  rowsOf: readonly string[];
  reason: string;
  columns: Readonly<Record<string, ColumnErasure>>;
};

// Short forms for the many entries that say the same thing.
const gone = (reason: string): ColumnErasure => ({ treatment: "delete", reason });
const blank = (reason: string): ColumnErasure => ({ treatment: "anonymise", reason });
const token = (reason: string): ColumnErasure => ({ treatment: "pseudonymise", reason });
const kept = (reason: string, period: string): ColumnErasure => ({ treatment: "keep", reason, period });

const APPEND_ONLY =
  "the log's triggers (migration 0010) allow only this change, and only inside the erasure verb's transaction (table log_rewrite)";
const PSEUDONYM = (column: string) =>
  kept(`The erased person's pseudonym, which replaced ${column}: a random token that names no one.`, "as long as the row is kept");
const SET_NULL = "set to null (the foreign key already does this when the user row goes); the record itself is not theirs";

export const ERASURE: Readonly<Record<DrizzleTableName, TableErasure>> = {
  // ── accounts ──────────────────────────────────────────────────────────────────────────────
  user: {
    rows: "delete",
    rowsOf: ["id"],
    reason: "The account itself: nothing of it is needed once the person is gone.",
    columns: {
      id: gone("The account's number; other tables' references to it are treated in their own entries."),
      email: gone("Their email address."),
      name: gone("Their name."),
      phone: gone("Their phone number."),
      postcode: gone("Their postcode, part of their address."),
      neighbourhood_id: gone("Where they live; figures per neighbourhood come from sign-ups and requests, not from accounts."),
    },
  },
  consent: {
    rows: "keep-rows",
    rowsOf: ["user_id"],
    reason: "Proof that care details were processed with consent (GDPR art. 7(1)); it names only a pseudonym afterwards.",
    columns: {
      user_id: token("The same pseudonym as in the logs, so the access log can still be matched to a consent without naming anyone."),
      subject_pseudonym: PSEUDONYM("user_id"),
      recorded_by_id: blank(`The coordinator who recorded someone else's consent at intake: ${SET_NULL}.`),
      withdrawn_by_id: blank(`Who withdrew someone else's consent (a coordinator): ${SET_NULL}.`),
    },
  },
  session: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their sign-ins: an erased account has no sessions.",
    columns: {
      id_hash: gone("Hash of a session cookie bound to them."),
      user_id: gone("Whose session it is."),
      device: gone("Their device and browser."),
      challenge: gone("A passkey challenge bound to their session."),
    },
  },
  login_token: {
    rows: "delete",
    rowsOf: ["email"],
    reason: "Sign-in links and codes sent to their address; they expire within minutes anyway.",
    columns: {
      email: gone("Their email address."),
      link_hash: gone("Hash of a sign-in link bound to them."),
      code_hash: gone("Hash of a sign-in code bound to them."),
      requester_hash: gone("Keyed hash of the network address the sign-in was asked from."),
    },
  },
  pending_signup: {
    rows: "delete",
    rowsOf: ["email"],
    reason: "A first sign-in not finished yet, bound to their address; it lasts 30 minutes anyway.",
    columns: {
      id_hash: gone("Hash of a cookie bound to them."),
      email: gone("Their email address."),
    },
  },
  rate_limit_hit: {
    rows: "delete",
    rowsOf: ["key"],
    reason: "Counters keyed by their user id (data-export:<id>) or address; they reset within the hour anyway.",
    columns: {
      key: gone("Names their account or network address."),
    },
  },
  form_draft: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Forms they had not sent yet; a draft can hold care details.",
    columns: {
      id_hash: gone("Hash of a draft id bound to them."),
      user_id: gone("Whose draft it is."),
      sealed: gone("What they typed, sealed; can hold care details."),
    },
  },
  email_change: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their requests to use a new address.",
    columns: {
      user_id: gone("Whose request it is."),
      new_email: gone("The new address they asked for."),
      token_hash: gone("Hash of the confirmation link bound to them."),
    },
  },
  passkey: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their passkeys: a way into an account that no longer exists.",
    columns: {
      user_id: gone("Whose passkey it is."),
      credential_id: gone("Identifies their authenticator."),
      public_key: gone("Their passkey's public key."),
      name: gone("The name they gave the passkey, often their device."),
    },
  },
  totp_credential: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their authenticator app: a way into an account that no longer exists.",
    columns: {
      user_id: gone("Whose app it is."),
      secret_sealed: gone("Their shared secret, sealed."),
    },
  },
  recovery_code: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their recovery codes: a way into an account that no longer exists.",
    columns: {
      user_id: gone("Whose codes they are."),
      code_hash: gone("Hash of a code bound to them."),
    },
  },
  security_event: {
    rows: "keep-rows",
    rowsOf: ["user_id"],
    reason:
      "Append-only security log (sign-ins, second factor, resets): kept so an investigation of misuse stays complete, under a pseudonym.",
    columns: {
      user_id: token(`Whose log it is; ${APPEND_ONLY}.`),
      subject_pseudonym: PSEUDONYM("user_id"),
      actor_id: token(
        `Who did it (them, or an admin who reset them); no foreign key, so only the erasure verb changes it; ${APPEND_ONLY}.`,
      ),
      actor_pseudonym: PSEUDONYM("actor_id"),
      detail: blank(`The device or passkey name, which says something about them; ${APPEND_ONLY}.`),
    },
  },
  role_grant: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their roles: an erased account has none.",
    columns: {
      user_id: gone("Whose role it is."),
    },
  },
  notification_setting: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their mail settings.",
    columns: {
      user_id: gone("Whose settings they are."),
      messages: gone("Their choice about new-message mails; goes with the row."),
    },
  },
  calendar_feed_token: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their private calendar link.",
    columns: {
      user_id: gone("Whose link it is."),
      token_hash: gone("Hash of the link's token bound to them."),
    },
  },

  // ── volunteering ──────────────────────────────────────────────────────────────────────────
  volunteer_profile: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their volunteer profile: languages, tags, VOG, availability limits.",
    columns: {
      user_id: gone("Whose profile it is."),
      languages: gone("Languages they speak."),
      tags: gone("Free tags they wrote about themselves."),
      vog_status: gone("Whether they have a certificate of conduct."),
      vog_valid_until: gone("Until when their certificate counts."),
      vog_set_by: blank(`The coordinator who recorded someone else's VOG: ${SET_NULL}.`),
      paused_until: gone("When they pause."),
    },
  },
  volunteer_skill: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Skills and interests they chose.",
    columns: {
      user_id: gone("Whose skill it is."),
    },
  },
  volunteer_availability: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "When they are available each week.",
    columns: {
      user_id: gone("Whose availability it is."),
    },
  },
  volunteer_unavailable_date: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Days they are away.",
    columns: {
      user_id: gone("Whose day it is."),
      note: gone("Their own note about the day (may say why)."),
    },
  },
  skill: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "The maintained list of skills: reference data, about no one.",
    columns: {
      name_nl: kept("The skill's Dutch name, not a person's.", "as long as the skill is on the list"),
      name_en: kept("The skill's English name, not a person's.", "as long as the skill is on the list"),
    },
  },

  // ── activities ────────────────────────────────────────────────────────────────────────────
  signup: {
    rows: "keep-rows",
    rowsOf: ["user_id"],
    reason: "Places taken and volunteer minutes: organisers' attendance and the municipal hours still count them.",
    columns: {
      user_id: blank("Set to null, so the place and its minutes still count but belong to no one."),
      cancelled_by: kept("A role ('person' or 'organiser'), not a person.", "as long as the sign-up row exists"),
    },
  },
  initiative_interest: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Initiatives they said they are interested in; no figure depends on it.",
    columns: {
      user_id: gone("Whose interest it is."),
    },
  },
  activity: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "An organisation's public offer; no column refers to a person.",
    columns: {
      address: kept("Where the activity is held, not anyone's home address.", "as long as the activity exists"),
      description: kept("The organisation's public description of the activity.", "as long as the activity exists"),
    },
  },
  activity_series: { rows: "keep-rows", rowsOf: [], reason: "A recurrence rule of an activity; about no one.", columns: {} },
  activity_session: { rows: "keep-rows", rowsOf: [], reason: "An occurrence of an activity; about no one.", columns: {} },
  shift: { rows: "keep-rows", rowsOf: [], reason: "A volunteer task in a session; about no one.", columns: {} },
  initiative: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "An organisation's initiative; about no one.",
    columns: {
      description: kept("The organisation's public description of the initiative.", "as long as the initiative exists"),
    },
  },
  initiative_partner: { rows: "keep-rows", rowsOf: [], reason: "Organisations working together; about no one.", columns: {} },

  // ── organisations and places ──────────────────────────────────────────────────────────────
  organisation: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "An organisation, not a person; only the admin who approved it refers to one.",
    columns: {
      name: kept("The organisation's name.", "as long as the organisation exists"),
      description: kept("The organisation's public description.", "as long as the organisation exists"),
      contact_email: kept(
        "The organisation's contact address, which its admins maintain (even when it is someone's own address).",
        "as long as the organisation exists",
      ),
      contact_phone: kept("The organisation's contact number, which its admins maintain.", "as long as the organisation exists"),
      approved_by: blank(`The admin who approved the organisation: ${SET_NULL}.`),
    },
  },
  organisation_membership: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their memberships: an erased account is a member of nothing.",
    columns: {
      user_id: gone("Whose membership it is."),
    },
  },
  organisation_invitation: {
    rows: "delete",
    rowsOf: ["email"],
    reason: "Invitations sent to their address.",
    columns: {
      email: gone("The address invited, theirs."),
      token_hash: gone("Hash of the invitation link bound to them."),
      invited_by: blank(`Who invited someone else: ${SET_NULL}.`),
    },
  },
  organisation_neighbourhood: { rows: "keep-rows", rowsOf: [], reason: "Where an organisation works; about no one.", columns: {} },
  municipality: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "Reference data, about no one.",
    columns: {
      name: kept("The municipality's name.", "as long as the municipality uses Noaber"),
    },
  },
  neighbourhood: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "Reference data, about no one.",
    columns: {
      name: kept("The neighbourhood's name.", "as long as the neighbourhood exists"),
    },
  },
  neighbourhood_postcode: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "Which postcode area lies in which neighbourhood: reference data, about no one.",
    columns: {
      postcode: kept("A postcode area of the reference table, not anyone's address.", "as long as the neighbourhood exists"),
    },
  },
  neighbourhood_adjacency: { rows: "keep-rows", rowsOf: [], reason: "Reference data, about no one.", columns: {} },

  // ── help requests ─────────────────────────────────────────────────────────────────────────
  care_recipient: {
    rows: "delete",
    rowsOf: ["carer_id"],
    reason: "People they care for, entered by them: care details of a third person with no other reason to be here.",
    columns: {
      carer_id: gone("Whose care recipient it is."),
      first_name: gone("The care recipient's first name."),
      birth_year: gone("The care recipient's year of birth."),
      notes_for_helpers: gone("Care details about the care recipient."),
    },
  },
  help_request: {
    rows: "keep-rows",
    rowsOf: ["requester_id"],
    reason:
      "Their help requests stay as bare records (kind, neighbourhood, status, dates) for the queue's history and the municipal figures; every detail that names or describes them goes.",
    columns: {
      requester_id: blank("Set to null: the request counts, but belongs to no one."),
      registered_by_id: blank(`The coordinator who registered someone else's request: ${SET_NULL}.`),
      contact_name: blank("Set to null: the intake contact's name."),
      contact_phone: blank("Set to null: the intake contact's phone number."),
      contact_email: blank("Set to null: the intake contact's address."),
      care_recipient_id: blank("Set to null: the care recipient it was about is deleted with the carer."),
      address: blank("Replaced by an empty placeholder: their address (the neighbourhood stays for the figures)."),
      public_text: blank("Replaced by an empty placeholder: their description of the help they wanted."),
      private_text: blank("Replaced by an empty placeholder: their care details."),
      flag_reason: kept(
        "A code ('no-fit', 'waiting-too-long', …) for why the queue flagged it, not about the person.",
        "as long as the request row exists",
      ),
      end_reason: blank("Set to null: free text that may describe them or their situation."),
      matched_volunteer_id: blank(
        `The volunteer matched to someone else's request: ${SET_NULL}; matched_at stays, so it still counts as matched.`,
      ),
    },
  },
  help_request_window: {
    rows: "keep-rows",
    rowsOf: ["request_id"],
    reason: "When help was wanted: times only, about no one once the request is anonymised.",
    columns: {},
  },
  help_request_event: {
    rows: "keep-rows",
    rowsOf: ["request_id"],
    reason: "Append-only history of a request's status: kept complete for the queue's accountability, under a pseudonym.",
    columns: {
      actor_id: token(`Who changed the status (them, or a coordinator on their own request); ${APPEND_ONLY}.`),
      actor_pseudonym: PSEUDONYM("actor_id"),
      note: blank(`On their requests, set to null: a coordinator's note may describe them or their care; ${APPEND_ONLY}.`),
    },
  },
  care_access_log: {
    rows: "keep-rows",
    rowsOf: ["request_id"],
    reason:
      "Append-only record of who saw care details: the person whose details were seen must keep trusting it, so a viewer's erasure leaves a pseudonym; it goes with the help request it belongs to.",
    columns: {
      viewer_id: token(`Who looked (the erased person as a helper or coordinator); ${APPEND_ONLY}.`),
      viewer_pseudonym: PSEUDONYM("viewer_id"),
    },
  },
  help_invite: {
    rows: "delete",
    rowsOf: ["volunteer_id"],
    reason: "Requests they were asked for or offered to help with: about them, and no figure needs it.",
    columns: {
      volunteer_id: gone("Who was asked."),
      asked_by_id: blank(`The coordinator who asked someone else: ${SET_NULL}.`),
      reason: gone("Why they declined, in their words."),
    },
  },
  help_session: {
    rows: "keep-rows",
    rowsOf: ["request_id"],
    reason: "Helping sessions and their minutes: the volunteer hours still count them once the request is anonymised.",
    columns: {
      cancelled_by_id: blank(`Who cancelled: ${SET_NULL}.`),
      cancel_reason: blank("Set to null: free text that may describe them or their situation."),
    },
  },
  help_feedback: {
    rows: "delete",
    rowsOf: ["author_id", "request_id"],
    reason: "Feedback they wrote, or written on a request of theirs: free text that may describe them or their care.",
    columns: {
      author_id: gone("Who wrote it."),
      text: gone("The feedback, in someone's own words."),
    },
  },

  // ── mail ──────────────────────────────────────────────────────────────────────────────────
  email_outbox: {
    rows: "delete",
    rowsOf: ["user_id", "to_address"],
    reason: "Mail for them, sent or not: pending mail to an erased account must not go out, and sent mail needs no record.",
    columns: {
      user_id: gone("Whose mail it is."),
      to_address: gone("Their email address."),
      props: gone("The mail's contents: their name, dates, what they signed up for."),
      sealed_secrets: gone("Links and codes bound to them, sealed."),
      idempotency_key: gone("Names the record the mail was about."),
      batch_key: gone("Groups their mail."),
    },
  },
  email_suppression: {
    rows: "keep-rows",
    rowsOf: ["address"],
    reason: "An address that bounced or complained must never be mailed again, also after the account is gone.",
    columns: {
      address: token("Replaced by a keyed hash of the address, so a send to it is still refused without the address being stored."),
      reason: kept("'bounce' or 'complaint': a code, not about the person.", "as long as the suppression holds"),
    },
  },
  mailbox_message: {
    rows: "delete",
    rowsOf: ["to_address"],
    reason: "The local development mailbox (never used in production): mail to their address.",
    columns: {
      idempotency_key: gone("Names the record the mail was about."),
      to_address: gone("Their email address."),
      from_address: gone("The sender, in a message to them."),
      subject: gone("The subject of mail to them."),
      html: gone("The contents of mail to them."),
      text: gone("The contents of mail to them."),
      headers: gone("Headers of mail to them, with their address."),
    },
  },
  webhook_event: {
    rows: "delete",
    rowsOf: ["payload"],
    reason: "The mail provider's delivery events that name their address.",
    columns: {
      payload: gone("The provider's event, with their address."),
    },
  },

  // ── social map ────────────────────────────────────────────────────────────────────────────
  facility_organization: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "A public entry on the social map, about an organisation.",
    columns: {
      name: kept("The organisation's name.", "as long as the entry is on the social map"),
      description: kept("The organisation's public description.", "as long as the entry is on the social map"),
      email: kept("The organisation's public contact address.", "as long as the entry is on the social map"),
      phone: kept("The organisation's public phone number.", "as long as the entry is on the social map"),
    },
  },
  facility_location: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "A public entry on the social map, about a building.",
    columns: {
      name: kept("The location's name.", "as long as the entry is on the social map"),
      address: kept("The location's public address, not anyone's home.", "as long as the entry is on the social map"),
      postcode: kept("The location's postcode.", "as long as the entry is on the social map"),
      city: kept("The location's city.", "as long as the entry is on the social map"),
      accessibility_note: kept("About the building's accessibility.", "as long as the entry is on the social map"),
    },
  },
  facility_service: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "A public entry on the social map, about a service.",
    columns: {
      name: kept("The service's name.", "as long as the entry is on the social map"),
      description: kept("The service's public description.", "as long as the entry is on the social map"),
      email: kept("The service's public contact address.", "as long as the entry is on the social map"),
      phone: kept("The service's public phone number.", "as long as the entry is on the social map"),
      verified_by_id: blank(`Who last confirmed the entry: ${SET_NULL}; verified_at stays, so staleness still works.`),
    },
  },
  facility_opening_hours: { rows: "keep-rows", rowsOf: [], reason: "Opening hours of a service; about no one.", columns: {} },
  facility_cooperation: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "An agreement between services; only its author refers to a person.",
    columns: {
      created_by_id: blank(`Who recorded it: ${SET_NULL}.`),
    },
  },
  facility_import: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "An import of social-map data; only its author refers to a person.",
    columns: {
      payload: kept(
        "The uploaded file of facility data, not about the person who uploaded it.",
        "until the import finishes (then it is wiped)",
      ),
      created_by_id: blank(`Who uploaded it: ${SET_NULL}.`),
    },
  },

  // ── signals ───────────────────────────────────────────────────────────────────────────────
  signal: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "The municipality's record of a signal about a neighbourhood; only its author refers to a person.",
    columns: {
      description: kept("What the signal is about: a neighbourhood or service, never one person.", "as long as the signal exists"),
      created_by_id: blank(`Who raised it: ${SET_NULL}.`),
    },
  },
  signal_event: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "The follow-up of a signal, kept for the municipal report; only its author refers to a person.",
    columns: {
      note: kept("A note on the signal's follow-up, not about its author.", "as long as the signal exists"),
      by_id: blank(`Who wrote it: ${SET_NULL}.`),
    },
  },
  signal_evidence: { rows: "keep-rows", rowsOf: [], reason: "Aggregate figures behind a signal; about no one.", columns: {} },
  log_rewrite: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "A permission row that exists only inside the erasure or retention transaction; about no one.",
    columns: {},
  },
  data_version: { rows: "keep-rows", rowsOf: [], reason: "A change counter for the page cache (decision 037); about no one.", columns: {} },
  indicator_threshold: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "A municipality's setting; about no one.",
    columns: {
      key: kept("The name of an indicator, not about a person.", "as long as the municipality uses it"),
    },
  },

  // ── care circles and conversations (decision 048) ─────────────────────────────────────────
  care_circle: {
    rows: "keep-rows",
    rowsOf: [],
    reason:
      "A circle belongs to the person cared for (care_recipient), which goes with the carer who entered them; the circle and everything in it go with it (foreign keys). A circle whose last member leaves is deleted by the membership verbs.",
    columns: {
      name: kept("The circle's name, chosen by its lead; shown to its members only.", "as long as the circle exists"),
    },
  },
  circle_member: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "Their memberships (current and former): they go with the account (foreign key).",
    columns: {
      user_id: gone("Who is (or was) in the circle."),
      left_reason: kept("A code ('left' or 'removed'), not free text.", "as long as the membership row exists"),
      removed_by_id: blank(`The lead who removed someone else: ${SET_NULL}.`),
    },
  },
  circle_invitation: {
    rows: "delete",
    rowsOf: ["email"],
    reason: "Invitations sent to their address.",
    columns: {
      email: gone("The address invited, theirs."),
      token_hash: gone("Hash of the invitation link bound to them."),
      invited_by_id: blank(`Who invited someone else: ${SET_NULL}.`),
      accepted_by_id: blank(`Who accepted an invitation sent to another address: ${SET_NULL}.`),
    },
  },
  circle_task: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "The circle's shared tasks: they belong to the circle, not to who created them.",
    columns: {
      notes: kept("Notes for the circle's members about the task; the circle's, not its author's.", "as long as the task exists"),
      created_by_id: blank(`Who created it: ${SET_NULL}.`),
    },
  },
  circle_task_occurrence: { rows: "keep-rows", rowsOf: [], reason: "When a task falls: times only, about no one.", columns: {} },
  circle_task_claim: {
    rows: "keep-rows",
    rowsOf: ["user_id"],
    reason: "Who took a task: the circle's load over 8 weeks keeps counting, under a pseudonym that names no one.",
    columns: {
      user_id: token("Who took the task; replaced by their pseudonym."),
      user_pseudonym: PSEUDONYM("user_id"),
      assigned_by_id: blank(`The lead who assigned someone else: ${SET_NULL}.`),
    },
  },
  circle_update: {
    rows: "keep-rows",
    rowsOf: ["author_id"],
    reason: "Their posts on others' circle boards stay for the members who read them, under a pseudonym.",
    columns: {
      author_id: token("Who wrote it; replaced by their pseudonym."),
      author_pseudonym: PSEUDONYM("author_id"),
      body: kept("What they told the circle's members; it belongs to the circle's history.", "as long as the circle exists"),
    },
  },
  circle_access_log: {
    rows: "keep-rows",
    rowsOf: ["viewer_id"],
    reason: `Append-only record of who saw a circle's care details; a viewer's erasure leaves a pseudonym; ${APPEND_ONLY}. It goes with the circle.`,
    columns: {
      viewer_id: token(`Who looked; ${APPEND_ONLY}.`),
      viewer_pseudonym: PSEUDONYM("viewer_id"),
    },
  },
  conversation: {
    rows: "keep-rows",
    rowsOf: [],
    reason: "A conversation belongs to its help request or circle and goes with it.",
    columns: {
      closed_by_id: blank(`The coordinator who closed it: ${SET_NULL}.`),
    },
  },
  message: {
    rows: "keep-rows",
    rowsOf: ["author_id"],
    reason: "Their messages stay for the others in the conversation, under a pseudonym.",
    columns: {
      author_id: token("Who wrote it; replaced by their pseudonym."),
      author_pseudonym: PSEUDONYM("author_id"),
      body: kept("What they wrote to the others in the conversation; it belongs to its history.", "as long as the conversation exists"),
    },
  },
  conversation_read: {
    rows: "delete",
    rowsOf: ["user_id"],
    reason: "How far they read a conversation: about them only (foreign key).",
    columns: {
      user_id: gone("Whose read status it is."),
      last_read_message_id: gone("How far they read; goes with the row."),
    },
  },
};
