import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedForToken } from "~/domain/calendar";
import { getCtx, toResponse } from "~/web/request.server";

/** A person's private calendar feed (RFC 5545). The token in the URL is the only key; no sign-in. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const ics = await feedForToken({ ctx, input: { token: params.token ?? "" } }).catch((e) => toResponse(e, request));
  return new Response(ics, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, no-store" } });
}
