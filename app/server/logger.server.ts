/** Structured JSON logs, one line per event. Callers must pass only redacted values. */
export type LogLevel = "debug" | "info" | "warn" | "error";
export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
}

export function createJsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return {
    log(level, msg, fields = {}) {
      write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}

/** "anna.devries@example.nl" → "a***@e***.nl": enough to tell addresses apart in a log, no more. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "***";
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${address[0]}***@${domain[0] ?? ""}***${tld}`;
}

/** Path prefixes whose next segment is a secret token (feed links, mailed one-click links). */
const TOKEN_ROUTES = ["calendar", "reminders", "unsubscribe", "invitations", "email"];
/**
 * A segment that looks like a token wherever it appears: a long run of URL-safe characters, with
 * an optional second signed part (`body.signature`) and an optional file extension.
 */
const SECRET_SEGMENT = /^[A-Za-z0-9_-]{20,}(\.[A-Za-z0-9_-]{16,})?(\.[a-z0-9]{1,5})?$/;
const PLAIN_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The path for a log line: the query string is dropped (it can hold sign-in tokens), the segment
 * after a token route (`/calendar/…`, `/reminders/…`, `/unsubscribe/…`, `/invitations/…`, in any
 * spelling) is replaced, and so is any other segment that looks like a token. Readable slugs
 * (`sportvereniging-hoflanden`) stay.
 */
export function redactPath(url: string): string {
  const path = url.split(/[?#]/)[0] ?? "";
  const segments = path.split("/");
  return segments
    .map((segment, index) => {
      const plain = decodedSegment(segment);
      const previous = decodedSegment(segments[index - 1] ?? "").toLowerCase();
      if (index > 0 && TOKEN_ROUTES.includes(previous) && plain !== "") return "[redacted]";
      if (SECRET_SEGMENT.test(plain) && !PLAIN_SLUG.test(plain)) return "[redacted]";
      return segment;
    })
    .join("/");
}

/**
 * An error as a log field, without the data it may carry: a failed database query's message holds
 * its parameters (care text, addresses), so only the SQL and the database's own reason are kept.
 */
export function errorForLog(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === "string" ? error : "non-error thrown";
  const query = (error as { query?: unknown }).query;
  if (typeof query === "string" && "params" in error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.constructor.name} (parameters withheld) ${query}${cause}`;
  }
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .slice(0, 6);
  return [`${error.name}: ${error.message}`, ...frames].join("\n");
}
