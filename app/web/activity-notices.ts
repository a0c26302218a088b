// Status messages after a sign-up or cancellation travel in the redirect's query string (the
// POST/redirect/GET pattern works without JavaScript and needs no session). Only known keys and
// small numbers are read back, so a crafted link can show nothing but our own messages.
import { safeRedirect } from "./safe-redirect";

export const notices = ["confirmed", "waitlisted", "already", "cancelled", "notCancelled", "cutoffPassed", "series"] as const;
export type NoticeKey = (typeof notices)[number];

const requirementReasons = ["vog-required", "skill-required", "paused"] as const;
const COUNTS = ["confirmed", "waitlisted", "already", "refused"] as const;
const NOTICE_PARAMS = ["notice", "reasons", ...COUNTS.map((c) => `n_${c}`)];

/** The same-site path to go back to, with a notice (and series counts) added. */
export function withNotice(
  path: string,
  notice: NoticeKey,
  extra: { counts?: Partial<Record<(typeof COUNTS)[number], number>>; reasons?: string[] } = {},
) {
  const url = new URL(path, "http://x");
  for (const key of NOTICE_PARAMS) url.searchParams.delete(key);
  url.searchParams.delete("index");
  url.searchParams.set("notice", notice);
  for (const [key, value] of Object.entries(extra.counts ?? {})) url.searchParams.set(`n_${key}`, String(value));
  if (extra.reasons?.length) url.searchParams.set("reasons", extra.reasons.join(","));
  return `${url.pathname}${url.search}`;
}

export interface Notice {
  key: NoticeKey;
  tone: "ok" | "error";
  counts: Record<(typeof COUNTS)[number], number>;
  reasons: string[];
}

export function readNotice(params: URLSearchParams): Notice | null {
  const key = params.get("notice");
  if (!key || !(notices as readonly string[]).includes(key)) return null;
  const count = (name: string) => {
    const n = Number(params.get(`n_${name}`));
    return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : 0;
  };
  const reasons = (params.get("reasons") ?? "").split(",").filter((r) => (requirementReasons as readonly string[]).includes(r));
  return {
    key: key as NoticeKey,
    tone: key === "cutoffPassed" ? "error" : "ok",
    counts: { confirmed: count("confirmed"), waitlisted: count("waitlisted"), already: count("already"), refused: count("refused") },
    reasons,
  };
}

/** A path on this site under `prefix`, or the fallback (no open redirects, no other pages). */
export function backTo(value: FormDataEntryValue | null, prefix: string, fallback: string): string {
  const safe = safeRedirect(value, fallback);
  return safe.startsWith(prefix) ? safe : fallback;
}
