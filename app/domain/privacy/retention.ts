import type { CalendarPeriod } from "../scheduling/periods";

/**
 * How long Noaber keeps what (issue 14, decision 034): ONE table, pure data, safe in the browser.
 * The daily retention job (`runRetention`, ./retention.server.ts) applies every entry with the
 * period written here, the coordinator's access to care details ends by the `coordinatorAccess`
 * entry (help/visibility.ts), and /privacy renders this table. Change a period here and all three
 * follow; no other file holds these numbers.
 *
 * - `period`: calendar units counted in the municipality's zone from the moment `from` names;
 *   `null` only for what is kept as long as something else is (`action: "keep"`).
 * - `data` and `why`: message keys (app/locales/retention.ts), in plain words for /privacy.
 */

/** What happens when the period has passed. */
export const retentionActions = ["delete", "anonymise", "removeDetails", "warn", "erase", "endAccess", "keep"] as const;
export type RetentionAction = (typeof retentionActions)[number];

/** The moment a period counts from. */
export const retentionStarts = ["ended", "logged", "sent", "made", "received", "expired", "lastActive", "request"] as const;
export type RetentionStart = (typeof retentionStarts)[number];

export const retentionKeys = [
  "careDetails",
  "closedRequests",
  "coordinatorAccess",
  "requestHistory",
  "careAccessLog",
  "securityLog",
  "outboxContents",
  "outboxUnsent",
  "localMailbox",
  "sessions",
  "signInTokens",
  "rateLimits",
  "webhookEvents",
  "inactiveWarning",
  "inactiveErasure",
] as const;
export type RetentionKey = (typeof retentionKeys)[number];

export interface RetentionEntry {
  readonly key: RetentionKey;
  readonly data: `${MessagesOf<RetentionKey>}.data`;
  readonly period: CalendarPeriod | null;
  readonly from: RetentionStart;
  readonly action: RetentionAction;
  readonly why: `${MessagesOf<RetentionKey>}.why`;
  /** `inactiveErasure` only: the warning must have been sent at least this long before. */
  readonly notice?: CalendarPeriod;
}

/**
 * Where an entry's text lives. The local mailbox's row is in the `demo` namespace, which a page
 * carries only when it shows demo text: a deployment without the mailbox never sends it.
 */
type MessagesOf<K extends RetentionKey> = K extends "localMailbox" ? "demo.retention" : `retention.entries.${K}`;
const messagesOf = (key: RetentionKey): MessagesOf<RetentionKey> =>
  key === "localMailbox" ? "demo.retention" : `retention.entries.${key}`;

const entry = (
  key: RetentionKey,
  period: CalendarPeriod | null,
  from: RetentionStart,
  action: RetentionAction,
  extra: { notice?: CalendarPeriod } = {},
): RetentionEntry => ({ key, data: `${messagesOf(key)}.data`, period, from, action, why: `${messagesOf(key)}.why`, ...extra });

/** The retention table. Order: as /privacy shows it. Reasons: decision 034. */
export const RETENTION: readonly RetentionEntry[] = [
  // Help requests: the care text, address and contact go soon after the help ended; the bare
  // record (kind, neighbourhood, dates) is anonymised later; the coordinator's view ends in between.
  entry("careDetails", { months: 3 }, "ended", "removeDetails"),
  entry("coordinatorAccess", { days: 30 }, "ended", "endAccess"),
  entry("closedRequests", { months: 24 }, "ended", "anonymise"),
  entry("requestHistory", null, "request", "keep"),
  // Logs.
  entry("careAccessLog", { years: 5 }, "logged", "delete"),
  entry("securityLog", { years: 2 }, "logged", "delete"),
  // Mail.
  entry("outboxContents", { days: 30 }, "sent", "removeDetails"),
  entry("outboxUnsent", { days: 30 }, "made", "delete"),
  entry("localMailbox", { days: 7 }, "received", "delete"),
  entry("webhookEvents", { days: 90 }, "received", "delete"),
  // Sign-ins.
  entry("sessions", { days: 0 }, "expired", "delete"),
  entry("signInTokens", { days: 1 }, "expired", "delete"),
  entry("rateLimits", { days: 0 }, "expired", "delete"),
  // Accounts nobody uses any more.
  entry("inactiveWarning", { months: 24 }, "lastActive", "warn"),
  entry("inactiveErasure", { months: 25 }, "lastActive", "erase", { notice: { days: 30 } }),
];

/** One entry of the table by key. */
export function retentionEntry(key: RetentionKey, table: readonly RetentionEntry[] = RETENTION): RetentionEntry {
  const found = table.find((e) => e.key === key);
  if (!found) throw new Error(`retention table has no entry ${key}`);
  return found;
}

/** The period of an entry that has one (every entry but `keep`). */
export function retentionPeriod(key: RetentionKey, table: readonly RetentionEntry[] = RETENTION): CalendarPeriod {
  const { period } = retentionEntry(key, table);
  if (!period) throw new Error(`retention entry ${key} has no period`);
  return period;
}
