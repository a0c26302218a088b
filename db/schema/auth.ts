import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { secondFactorMethods } from "../../app/domain/vocabulary";
import { user } from "./users";

/** A database-backed session. The cookie holds the random id; only its SHA-256 is stored. */
export const session = sqliteTable(
  "session",
  {
    idHash: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: integer().notNull(),
    lastSeenAt: integer().notNull(),
    /** When this session last proved a second factor (null: signed in by email only). */
    secondFactorAt: integer(),
    secondFactorMethod: text({ enum: secondFactorMethods }),
    /** "Firefox on Windows": shown in the person's list of sign-ins, never the full user agent. */
    device: text(),
    /** The WebAuthn challenge this session is answering, and until when. */
    challenge: text(),
    challengeExpiresAt: integer(),
  },
  (t) => [index("session_user_idx").on(t.userId), check("session_times_ordered", sql`${t.lastSeenAt} >= ${t.createdAt}`)],
);

/** A sign-in link and code pair. Both are stored only as keyed hashes and used at most once. */
export const loginToken = sqliteTable(
  "login_token",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    email: text().notNull(),
    linkHash: text().notNull(),
    codeHash: text().notNull(),
    requesterHash: text().notNull(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    usedAt: integer(),
    failedAttempts: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex("login_token_link_unique").on(t.linkHash),
    index("login_token_email_idx").on(t.email, t.createdAt),
    index("login_token_requester_idx").on(t.requesterHash, t.createdAt),
    check("login_token_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`),
    check("login_token_attempts_non_negative", sql`${t.failedAttempts} >= 0`),
  ],
);

/** Fixed-window counters shared by every app instance (rate limits). */
export const rateLimitHit = sqliteTable(
  "rate_limit_hit",
  {
    key: text().primaryKey(),
    hits: integer().notNull(),
    resetAt: integer().notNull(),
  },
  (t) => [index("rate_limit_hit_reset_idx").on(t.resetAt), check("rate_limit_hits_positive", sql`${t.hits} > 0`)],
);

/**
 * A first sign-in between the proven address and the profile form. The cookie carries only the
 * random id; its hash lives here, used once, for 30 minutes, bound to the address the link or
 * code proved. "Sign out everywhere" and creating the account end it.
 */
export const pendingSignup = sqliteTable(
  "pending_signup",
  {
    idHash: text().primaryKey(),
    email: text().notNull(),
    redirectTo: text().notNull().default("/"),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [
    index("pending_signup_email_idx").on(t.email),
    check("pending_signup_expiry_after_creation", sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);
