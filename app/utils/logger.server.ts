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

const SECRET_SEGMENT = /^[A-Za-z0-9_-]{20,}(\.[a-z]+)?$/;

/**
 * The path for a log line: the query string is dropped (it can hold sign-in tokens) and any
 * path segment that looks like a secret token (calendar feeds, signed links) is replaced.
 */
export function redactPath(url: string): string {
  const path = url.split("?")[0] ?? "";
  return path
    .split("/")
    .map((segment) => (SECRET_SEGMENT.test(segment) ? "[redacted]" : segment))
    .join("/");
}
