import type { ActionFunctionArgs } from "@remix-run/node";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { addPasskey, passkeyAuthenticationOptions, passkeyRegistrationOptions, verifyPasskey } from "~/domain/accounts";
import { DomainError } from "~/domain/errors";
import { requireSessionCtx, secondFactorRedirect } from "~/web/request.server";

// The browser part of passkeys (app/components/passkeys.tsx): options to create or prove a passkey,
// and the browser's answer. JSON in (or a form with the answer as JSON in `response`), JSON out;
// a body that is not one of these is a 400, never a 500.

/** The outline of a WebAuthn answer; the verbs check the rest (and a bad one fails, not throws). */
const credential = z
  .object({
    id: z.string().min(1).max(1024),
    rawId: z.string().min(1).max(1024),
    type: z.literal("public-key"),
    response: z.object({}).passthrough(),
  })
  .passthrough();

const body = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("register-options") }),
  z.object({ intent: z.literal("register"), name: z.string().max(200).default(""), response: credential }),
  z.object({ intent: z.literal("auth-options") }),
  z.object({ intent: z.literal("auth"), response: credential }),
]);

function answer(value: unknown, status = 200) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

async function readBody(request: Request): Promise<unknown> {
  try {
    if ((request.headers.get("content-type") ?? "").includes("application/json")) return await request.json();
    const form = await request.formData();
    const response = form.get("response");
    return {
      intent: form.get("intent"),
      name: form.get("name") ?? undefined,
      response: typeof response === "string" && response ? JSON.parse(response) : undefined,
    };
  } catch {
    return null;
  }
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx, sessionId } = await requireSessionCtx(request, context);
  const parsed = body.safeParse(await readBody(request));
  if (!parsed.success) return answer({ ok: false, reason: "bad-request" }, 400);
  const input = parsed.data;
  const minutesUntil = (until: number) => Math.max(1, Math.ceil((until - ctx.now()) / 60_000));
  try {
    switch (input.intent) {
      case "register-options":
        return answer({ ok: true, options: await passkeyRegistrationOptions({ ctx, input: { sessionId } }) });
      case "register": {
        const result = await addPasskey({
          ctx,
          input: { sessionId, name: input.name, response: input.response as unknown as RegistrationResponseJSON },
        });
        return result.ok
          ? answer({ ok: true, recoveryCodes: result.enrolled.recoveryCodes })
          : answer({ ok: false, reason: "failed" }, 400);
      }
      case "auth-options": {
        const options = await passkeyAuthenticationOptions({ ctx, input: { sessionId } });
        return options ? answer({ ok: true, options }) : answer({ ok: false, reason: "no-passkey" }, 409);
      }
      case "auth": {
        const result = await verifyPasskey({
          ctx,
          input: { sessionId, response: input.response as unknown as AuthenticationResponseJSON },
        });
        if (result.ok) return answer({ ok: true });
        return result.reason === "locked"
          ? answer({ ok: false, reason: "locked", minutes: minutesUntil(result.until) }, 429)
          : answer({ ok: false, reason: "invalid" }, 400);
      }
    }
  } catch (error) {
    // Managing factors while an existing one still has to be proved (or long ago): prove it first.
    if (error instanceof DomainError && error.kind === "step-up") {
      const back = new URL(request.headers.get("referer") ?? "/", request.url);
      const location = back.origin === new URL(request.url).origin ? secondFactorRedirect(new Request(back)) : "/login/second-factor";
      return answer({ ok: false, reason: "step-up", location }, 403);
    }
    if (error instanceof DomainError && (error.kind === "conflict" || error.kind === "not-found"))
      return answer({ ok: false, reason: "failed" }, 409);
    throw error;
  }
}
