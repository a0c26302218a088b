import { data } from "@remix-run/node";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { formatDateTime } from "~/domain/time";

// What the pages behind an invitation link (organisations, care circles) share: an open invitation
// with its expiry in the viewer's zone and the way to sign in and come back, or "gone" — one 404
// page for a link that is invalid, expired, revoked or used, whatever the reason.

export type OpenInvitation<V> = { state: "gone" } | { state: "open"; invitation: V & { expires: string }; signIn: string };

export const isNotFound = (error: unknown) => error instanceof DomainError && error.kind === "not-found";

/** Signed in with another address than the one invited: the page then says for whom it is. */
export const isForbidden = (error: unknown) => error instanceof DomainError && error.kind === "forbidden";

/** The invitation behind the link at `path`, as `describe` finds it; "gone" when it does not work. */
export async function openInvitation<V extends { expiresAt: number }>(
  ctx: Ctx,
  path: string,
  describe: () => Promise<V>,
): Promise<OpenInvitation<V>> {
  try {
    const view = await describe();
    const zone = ctx.actor?.timeZone ?? ctx.defaultTimeZone;
    const signIn = `/login?${new URLSearchParams({ redirectTo: path })}`;
    return { state: "open", invitation: { ...view, expires: formatDateTime(view.expiresAt, zone, ctx.locale) }, signIn };
  } catch (error) {
    if (isNotFound(error)) return { state: "gone" };
    throw error;
  }
}

/** The page's data: 404 for a link that no longer works, 200 otherwise. */
export function invitationPageResponse<P extends { state: string }>(page: P, locale: "nl" | "en") {
  return data({ page, locale }, { status: page.state === "gone" ? 404 : 200 });
}
