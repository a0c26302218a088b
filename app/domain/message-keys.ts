// Error messages are translation keys; a key may carry values for its message after a "?"
// (`organiser.errors.tooLong?max=120`). No zod here: the browser reads these on every page with a
// form error, and public pages must not load the schema library (decision 043).

/** A translation key with values for its message. */
export function withValues(key: string, values: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(values).map(([k, v]) => [k, String(v)]));
  return `${key}?${query}`;
}

/** The key and values of a message made by `withValues` (or a plain key). */
export function splitMessage(message: string): { key: string; values: Record<string, string> } {
  const at = message.indexOf("?");
  if (at < 0) return { key: message, values: {} };
  return { key: message.slice(0, at), values: Object.fromEntries(new URLSearchParams(message.slice(at + 1))) };
}
