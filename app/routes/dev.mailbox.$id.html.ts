import type { LoaderFunctionArgs } from "@remix-run/node";
import { getMailboxMessage, requireMailbox } from "~/web/mailbox.server";
import { idParam } from "~/web/request.server";

/** The email's HTML exactly as sent (the server's CSP allows its inline styles on this path only). */
export async function loader({ context, params }: LoaderFunctionArgs) {
  requireMailbox(context.services.env);
  const message = await getMailboxMessage(context.services.database, idParam(params.id));
  return new Response(message.html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
