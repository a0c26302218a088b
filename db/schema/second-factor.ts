import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { securityEventKinds } from "../../app/domain/vocabulary";
import { user } from "./users";

/** A passkey (WebAuthn credential). The private key never leaves the person's device. */
export const passkey = sqliteTable(
  "passkey",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** The credential id, base64url. */
    credentialId: text().notNull(),
    /** The COSE public key, base64url. */
    publicKey: text().notNull(),
    counter: integer().notNull().default(0),
    /** JSON array of transports ("internal", "usb", "hybrid"…), as the browser reported them. */
    transports: text().notNull().default("[]"),
    name: text().notNull(),
    createdAt: integer().notNull(),
    lastUsedAt: integer(),
  },
  (t) => [
    uniqueIndex("passkey_credential_unique").on(t.credentialId),
    index("passkey_user_idx").on(t.userId),
    check("passkey_name_not_blank", sql`length(trim(${t.name})) > 0`),
    check("passkey_counter_non_negative", sql`${t.counter} >= 0`),
  ],
);

/**
 * An authenticator app (TOTP, RFC 6238). The shared secret is sealed with the keyring; it is
 * confirmed once the person typed a first code. `lastStep` is the last 30-second step accepted, so
 * the same code never works twice.
 */
export const totpCredential = sqliteTable(
  "totp_credential",
  {
    userId: integer()
      .primaryKey()
      .references(() => user.id, { onDelete: "cascade" }),
    secretSealed: text().notNull(),
    createdAt: integer().notNull(),
    confirmedAt: integer(),
    lastStep: integer(),
  },
  (t) => [check("totp_confirmed_after_creation", sql`${t.confirmedAt} IS NULL OR ${t.confirmedAt} >= ${t.createdAt}`)],
);

/** One-time recovery codes, stored only as keyed hashes; each works once. */
export const recoveryCode = sqliteTable(
  "recovery_code",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    createdAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [uniqueIndex("recovery_code_unique").on(t.userId, t.codeHash), index("recovery_code_user_idx").on(t.userId, t.usedAt)],
);

/**
 * The security log: sign-ins, second-factor enrolment, failures, recovery-code use and resets.
 * Append-only (migration 0008 adds the triggers). `actorId` is who did it when that is not the
 * person themself (an admin's reset); a plain number, so that removing that admin later does not
 * rewrite the log.
 */
export const securityEvent = sqliteTable(
  "security_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Null once the account is erased; `subject_pseudonym` then says whose log it was. */
    userId: integer().references(() => user.id, { onDelete: "set null" }),
    subjectPseudonym: text(),
    kind: text({ enum: securityEventKinds }).notNull(),
    at: integer().notNull(),
    actorId: integer(),
    actorPseudonym: text(),
    /** "Firefox on Windows", or the passkey's name: never a code, a secret or an address. */
    detail: text(),
  },
  (t) => [
    index("security_event_user_idx").on(t.userId, t.at),
    check("security_event_kind_known", sql`${t.kind} IN (${sql.raw(securityEventKinds.map((k) => `'${k}'`).join(", "))})`),
  ],
);

/**
 * A form that was sent while its sender still had to confirm their second factor (a step-up): kept
 * sealed for 15 minutes so that, once confirmed, the person can send it again with what they typed.
 */
export const formDraft = sqliteTable(
  "form_draft",
  {
    idHash: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    /** The page the form was sent to (path and query). */
    path: text().notNull(),
    /** The form's fields, sealed with the keyring (they may hold care details). */
    sealed: text().notNull(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
  },
  (t) => [index("form_draft_user_idx").on(t.userId), check("form_draft_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`)],
);
