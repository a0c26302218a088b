import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Webhook } from "svix";
import { recordEmailEvent } from "~/domain/notifications";
import { getCtx } from "~/web/request.server";

const MAX_BODY = 256 * 1024;
const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/**
 * Resend's delivery events (signed by Svix). The signature covers the raw body, so it is read as
 * text before anything parses it. Bad or missing signature: 400, nothing stored. Without
 * RESEND_WEBHOOK_SECRET the endpoint does not exist.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const secret = context.services.env.RESEND_WEBHOOK_SECRET;
  if (!secret) return text("Not found", 404);
  if (request.method !== "POST") return text("Method not allowed", 405);
  // Not rate limited (see app/server/http.ts), so the body size is: events are a few kB.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY) return text("Payload too large", 413);
  const raw = await request.text();
  if (raw.length > MAX_BODY) return text("Payload too large", 413);
  const headers = {
    "svix-id": request.headers.get("svix-id") ?? "",
    "svix-timestamp": request.headers.get("svix-timestamp") ?? "",
    "svix-signature": request.headers.get("svix-signature") ?? "",
  };
  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(raw, headers);
  } catch {
    return text("Invalid signature", 400);
  }
  if (headers["svix-id"].length > 200) return text("Invalid event id", 400);
  const ctx = await getCtx(request, context);
  await recordEmailEvent({ ctx, input: { id: headers["svix-id"], payload } });
  return text("OK", 200);
}

export function loader({ context }: LoaderFunctionArgs) {
  return text(
    context.services.env.RESEND_WEBHOOK_SECRET ? "Method not allowed" : "Not found",
    context.services.env.RESEND_WEBHOOK_SECRET ? 405 : 404,
  );
}
