import type { SubmissionResult } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { type LogRow } from "~/components/security-log";
import { passkeyIdSchema, renamePasskeySchema, totpCodeSchema } from "~/domain/accounts/shared";
import {
  confirmTotpSetup,
  disableTotp,
  getMySecurity,
  regenerateRecoveryCodes,
  removePasskey,
  renamePasskey,
  startTotpSetup,
} from "~/domain/accounts";
import { withValues } from "~/domain/message-keys";
import { Conflict, StepUpRequired } from "~/domain/errors";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import securityStyles from "~/styles/security.css?url";
import { parseForm } from "~/web/forms.server";
import { getRequestState, keepFormForStepUp, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: securityStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("securitySettings.title")} · Noaber` },
];

/** What an action answers when it does not redirect: the form it belongs to and what to show there. */
export interface Answer {
  form: string;
  result?: SubmissionResult<string[]>;
  /** A refusal (translation key), shown next to the form. */
  refused?: string;
  /** New recovery codes, shown once. */
  codes?: string[];
  /** The codes replaced earlier ones (which stopped working). */
  replaced?: boolean;
}

const SAVED = ["renamed", "removed", "totpOn", "totpOff", "totpCancelled"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const security = await getMySecurity({ ctx }).catch((e) => toResponse(e, request));
  const when = (ms: number) => formatDateTime(ms, ctx.actor.timeZone, ctx.locale);
  // An app set up but not confirmed yet: show its QR code again (no new secret is made).
  const setup =
    security.totp === "pending"
      ? await startTotpSetup({ ctx })
          .then((s) => ({ secret: s.secret, qrSvg: s.qrSvg }))
          .catch(() => null)
      : null;
  const saved = new URL(request.url).searchParams.get("saved");
  const log = (entries: typeof security.log): LogRow[] => entries.map((e) => ({ ...e, when: when(e.at) }));
  return {
    locale: ctx.locale,
    status: security.secondFactor,
    passkeys: security.passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      added: when(p.createdAt),
      lastUsed: p.lastUsedAt === null ? null : when(p.lastUsedAt),
    })),
    totp: security.totp,
    setup,
    recoveryCodesLeft: security.recoveryCodesLeft,
    signIns: log(security.signIns),
    log: log(security.log),
    saved: SAVED.find((s) => s === saved) ?? null,
  };
}
const answer = (body: Answer, status = 200) => data(body, { status });

/**
 * Runs a verb; a refusal (Conflict) comes back as its message. A proof that is too old keeps what
 * was typed and sends the person to confirm (they can send it again afterwards); other errors
 * become their response.
 */
async function attempt<T>(
  request: Request,
  formData: FormData,
  verb: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; refused: string }> {
  try {
    return { ok: true, value: await verb() };
  } catch (error) {
    if (error instanceof Conflict) return { ok: false, refused: error.message };
    if (error instanceof StepUpRequired) throw await keepFormForStepUp(request, formData);
    return toResponse(error, request);
  }
}

const done = (saved: (typeof SAVED)[number], section: string) => redirect(`/me/security?saved=${saved}#${section}`);

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const { sessionId } = await getRequestState(request, context);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "passkey-rename": {
      const submission = parseForm(formData, renamePasskeySchema);
      const form = `rename-${String(submission.payload.id ?? "")}`;
      if (submission.status !== "success") return answer({ form, result: submission.reply() }, 400);
      const outcome = await attempt(request, formData, () => renamePasskey({ ctx, input: submission.value }));
      if (!outcome.ok) return answer({ form, refused: outcome.refused }, 409);
      if (!outcome.value.ok)
        return answer({ form, result: submission.reply({ fieldErrors: { name: ["securitySettings.passkeys.nameRequired"] } }) }, 400);
      return done("renamed", "passkeys");
    }
    case "passkey-remove": {
      const submission = parseForm(formData, passkeyIdSchema);
      if (submission.status !== "success") throw new Response("errors.notFound", { status: 404 });
      const outcome = await attempt(request, formData, () => removePasskey({ ctx, input: submission.value }));
      if (!outcome.ok) return answer({ form: `remove-${submission.value.id}`, refused: outcome.refused }, 409);
      return done("removed", "passkeys");
    }
    case "totp-start": {
      const outcome = await attempt(request, formData, () => startTotpSetup({ ctx }));
      if (!outcome.ok) return answer({ form: "totp", refused: outcome.refused }, 409);
      return redirect("/me/security#app");
    }
    case "totp-confirm": {
      const submission = parseForm(formData, totpCodeSchema);
      if (submission.status !== "success") return answer({ form: "totp", result: submission.reply() }, 400);
      const outcome = await attempt(request, formData, () =>
        confirmTotpSetup({ ctx, input: { sessionId: sessionId ?? "", code: submission.value.code } }),
      );
      if (!outcome.ok) return answer({ form: "totp", refused: outcome.refused }, 409);
      const verified = outcome.value;
      if (!verified.ok) {
        const message =
          verified.reason === "locked"
            ? withValues("securitySettings.totp.locked", { minutes: Math.max(1, Math.ceil((verified.until - ctx.now()) / 60_000)) })
            : "securitySettings.totp.wrongCode";
        return answer({ form: "totp", result: submission.reply({ fieldErrors: { code: [message] } }) }, 400);
      }
      const codes = verified.enrolled.recoveryCodes;
      return codes ? answer({ form: "codes", codes }) : done("totpOn", "app");
    }
    case "totp-disable":
    case "totp-cancel": {
      const outcome = await attempt(request, formData, () => disableTotp({ ctx }));
      if (!outcome.ok) return answer({ form: "totp-disable", refused: outcome.refused }, 409);
      return done(intent === "totp-cancel" ? "totpCancelled" : "totpOff", "app");
    }
    case "codes-new": {
      const outcome = await attempt(request, formData, () => regenerateRecoveryCodes({ ctx }));
      if (!outcome.ok) return answer({ form: "codes", refused: outcome.refused }, 409);
      return answer({ form: "codes", codes: outcome.value, replaced: true });
    }
    default:
      return redirect("/me/security");
  }
}

export default formPage(() => import("./me.security.page"));
