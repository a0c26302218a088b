import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Conflict } from "~/domain/errors";
import { inviteAnswerSchema, withdrawCareConsentSchema } from "~/domain/help/shared";
import {
  acceptInvite,
  declineInvite,
  getCareConsent,
  offerHelp,
  viewHelpRequest,
  withdrawCareConsent,
  withdrawHelpRequest,
} from "~/domain/help";
import type { Ctx } from "~/domain/context.server";
import { unreadMessagesForRequest } from "~/domain/conversations";
import { getT } from "~/locales/i18n";
import { parseForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getT(data?.locale ?? "nl");
  return [
    { title: `${data ? t("helpRequest.page.title", { kind: t(`helpRequests.kinds.${data.request.kind}`) }) : t("errors.title")} · Noaber` },
  ];
};

const notices = ["created", "saved", "withdrawn", "accepted", "declined", "offered"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Nobody signed out sees any request: a visitor signs in first, whichever number they asked for.
  const ctx = await requireCtx(request, context);
  const view = await viewHelpRequest({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const search = new URL(request.url).searchParams;
  // The consent section is the requester's own (a coordinator acts for intake on the coordinator page).
  const careConsent = view.relation === "requester" ? await getCareConsent({ ctx, input: { requestId: view.id, onBehalf: false } }) : null;
  return {
    locale: ctx.locale,
    request: view,
    careConsent,
    unreadMessages: await unreadMessagesForRequest({ ctx, input: { helpRequestId: view.id } }),
    consentWithdrawn: search.has("consentWithdrawn"),
    notice: notices.find((n) => search.has(n)) ?? null,
  };
}

/** Withdrawing the care-details consent: the "I understand" box is checked here and in the browser. */
async function withdrawConsent(ctx: Ctx, request: Request, form: FormData, id: number) {
  const submission = parseForm(form, withdrawCareConsentSchema);
  if (submission.status !== "success") return data({ result: submission.reply(), form: "consent" as const }, { status: 400 });
  try {
    await withdrawCareConsent({ ctx, input: { requestId: id } });
  } catch (error) {
    if (error instanceof Conflict) return data({ message: error.message }, { status: 409 });
    return toResponse(error, request);
  }
  return redirect(`/requests/${id}?consentWithdrawn#care-consent-title`);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  const form = await request.formData();
  if (form.get("intent") === "withdrawConsent") return withdrawConsent(ctx, request, form, id);
  const submission = parseWithZod(form, { schema: inviteAnswerSchema });
  if (submission.status !== "success") return data({ message: "errors.validation" }, { status: 400 });
  const answer = submission.value;
  const verbs = { accept: acceptInvite, decline: declineInvite, offer: offerHelp, withdraw: withdrawHelpRequest } as const;
  const done = { accept: "accepted", decline: "declined", offer: "offered", withdraw: "withdrawn" } as const;
  try {
    await verbs[answer.intent]({ ctx, input: { id, reason: answer.intent === "decline" ? answer.reason : undefined } });
  } catch (error) {
    // Just filled, withdrawn or no longer yours: a clear message on the page, never a 500.
    if (error instanceof Conflict) return data({ message: error.message }, { status: 409 });
    toResponse(error, request);
  }
  return redirect(`/requests/${id}?${done[answer.intent]}`);
}

export default formPage(() => import("./requests.$id._index.page"));
