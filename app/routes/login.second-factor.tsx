import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { type ShouldRevalidateFunction } from "@remix-run/react";
import {
  confirmTotpSetup,
  DEFAULT_STEP_UP_MAX_AGE,
  listPasskeys,
  lockedUntil,
  startTotpSetup,
  verifyRecoveryCode,
  verifyTotp,
  type VerifyOutcome,
} from "~/domain/accounts";
import { secondFactorForms, type SecondFactorIntent } from "~/domain/accounts/shared";
import { withValues } from "~/domain/message-keys";
import type { Ctx } from "~/domain/context.server";
import { Conflict } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import { getT } from "~/locales/i18n";
import { parseForm } from "~/web/forms.server";
import { requireSessionCtx, safeRedirect, toResponse } from "~/web/request.server";
import styles from "~/styles/second-factor.css?url";
import { formPage } from "~/components/forms/form-page";

/** The recovery codes are shown once, from the action's answer: reloading would leave the page. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "recoveryCodes" in actionResult && actionResult.recoveryCodes
    ? false
    : defaultShouldRevalidate;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")(data?.state === "enrol" ? "security.login.enrolTitle" : "security.login.title")} · Noaber` },
];

/** What this session still has to do: prove a factor, add one, or nothing (a recent proof, or none asked). */
function stateOf(ctx: Ctx, actor: Actor): "needed" | "enrol" | "done" {
  const factor = actor.secondFactor;
  if (!factor || factor.status === "off") return "done";
  if (factor.status === "verified") {
    // A staff member's proof counts for a while; an older one is asked again (step-up).
    const maxAge = ctx.stepUpMaxAge ?? DEFAULT_STEP_UP_MAX_AGE;
    return !factor.staff || (factor.at !== null && ctx.now() - factor.at <= maxAge) ? "done" : "needed";
  }
  return factor.status;
}

const minutesUntil = (ctx: Ctx, until: number) => Math.max(1, Math.ceil((until - ctx.now()) / 60_000));
function lockedMessage(ctx: Ctx, until: number) {
  const minutes = minutesUntil(ctx, until);
  return minutes === 1 ? "security.login.errors.lockedMinute" : withValues("security.login.errors.locked", { minutes });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireSessionCtx(request, context);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const state = stateOf(ctx, ctx.actor);
  if (state === "done") throw redirect(redirectTo);
  const until = await lockedUntil(ctx, ctx.actor.userId);
  const locked = until === null ? null : lockedMessage(ctx, until);
  if (state === "enrol") {
    // Right after the app was confirmed in this same request (no JavaScript: the action's page with
    // the recovery codes), the session state read before the action still says "enrol".
    const setup = await startTotpSetup({ ctx }).catch((e) => (e instanceof Conflict ? null : toResponse(e, request)));
    return { state, locale: ctx.locale, redirectTo, locked, secret: setup?.secret ?? null, qrSvg: setup?.qrSvg ?? null, hasPasskey: false };
  }
  const hasPasskey = (await listPasskeys(ctx, ctx.actor.userId)).length > 0;
  return { state, locale: ctx.locale, redirectTo, locked, secret: null, qrSvg: null, hasPasskey };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { ctx, sessionId } = await requireSessionCtx(request, context);
  const formData = await request.formData();
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const state = stateOf(ctx, ctx.actor);
  if (state === "done") throw redirect(redirectTo);
  const intent = formData.get("intent");
  if (typeof intent !== "string" || !(intent in secondFactorForms)) throw new Response("Bad Request", { status: 400 });
  const form = intent as SecondFactorIntent;
  // Enrolling is for a session without a factor; proving is for one with a factor.
  if ((form === "enrol-totp") !== (state === "enrol")) throw redirect(`/login/second-factor?${new URLSearchParams({ redirectTo })}`);
  const submission = parseForm(formData, secondFactorForms[form]);
  if (submission.status !== "success") return data({ form, result: submission.reply(), recoveryCodes: null }, { status: 400 });
  const input = { sessionId, code: submission.value.code };
  const refused = (outcome: Exclude<VerifyOutcome, { ok: true }>) => {
    const message =
      outcome.reason === "locked"
        ? lockedMessage(ctx, outcome.until)
        : form === "recovery"
          ? "security.login.errors.recoveryInvalid"
          : "security.login.errors.invalid";
    return data({ form, result: submission.reply({ fieldErrors: { code: [message] } }), recoveryCodes: null }, { status: 400 });
  };
  try {
    if (form === "enrol-totp") {
      const outcome = await confirmTotpSetup({ ctx, input });
      if (!outcome.ok) return refused(outcome);
      if (!outcome.enrolled.recoveryCodes) throw redirect(redirectTo);
      return { form, result: undefined, recoveryCodes: outcome.enrolled.recoveryCodes };
    }
    const outcome = form === "totp" ? await verifyTotp({ ctx, input }) : await verifyRecoveryCode({ ctx, input });
    if (!outcome.ok) return refused(outcome);
  } catch (error) {
    if (error instanceof Response) throw error;
    return toResponse(error, request);
  }
  throw redirect(redirectTo);
}

export default formPage(() => import("./login.second-factor.page"));
