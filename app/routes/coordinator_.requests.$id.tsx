import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { askVolunteers, cancelRequest, confirmOffer, getCareConsent, getTriage, triageRequest, withdrawCareConsent } from "~/domain/help";
import { withdrawCareConsentSchema } from "~/domain/help/shared";
import { unreadMessagesForRequest } from "~/domain/conversations";
import { parseForm } from "~/web/forms.server";
import { formatDateTime, formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { formatLocalDate } from "~/domain/scheduling";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import helpStyles from "~/styles/help.css?url";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: helpStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpCoordinator.triage.title", { id: data?.request.id ?? "" })} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const triage = await getTriage({ ctx, input: { requestId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const zone = ctx.actor.timeZone;
  // For a person registered at intake (no account), the coordinator withdraws consent on their behalf.
  const careConsent = await getCareConsent({ ctx, input: { requestId: triage.request.id, onBehalf: true } });
  return {
    locale: ctx.locale,
    careConsent,
    unreadMessages: await unreadMessagesForRequest({ ctx, input: { helpRequestId: triage.request.id } }),
    ...triage,
    windows: triage.windows.map((w) => formatTimeRange(w.startsAt, w.endsAt, zone, ctx.locale)),
    events: triage.events.map((e) => ({ ...e, when: formatDateTime(e.at, zone, ctx.locale) })),
    createdText: formatDateTime(triage.request.createdAt, zone, ctx.locale),
    ranking: triage.ranking && {
      ...triage.ranking,
      excluded: triage.ranking.excluded.map((e) =>
        e.values?.until ? { ...e, values: { ...e.values, until: formatLocalDate(String(e.values.until), ctx.locale) } } : e,
      ),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  const requestId = idParam(params.id);
  const intent = String(form.get("intent"));
  if (intent === "withdrawConsent") {
    const submission = parseForm(form, withdrawCareConsentSchema);
    if (submission.status !== "success") return data({ intent, error: null, result: submission.reply() }, { status: 400 });
  }
  const volunteerIds = form.getAll("volunteerId").map(Number).filter(Number.isInteger);
  try {
    let count = 0;
    if (intent === "triage") await triageRequest({ ctx, input: { requestId } });
    else if (intent === "ask") count = (await askVolunteers({ ctx, input: { requestId, volunteerIds } })).asked;
    else if (intent === "confirm") await confirmOffer({ ctx, input: { requestId, volunteerId: volunteerIds[0] ?? 0 } });
    else if (intent === "cancel")
      await cancelRequest({ ctx, input: { requestId, reason: String(form.get("reason") ?? "").slice(0, 500) } });
    else if (intent === "withdrawConsent") await withdrawCareConsent({ ctx, input: { requestId } });
    else return data({ intent, error: "errors.validation" }, { status: 400 });
    return redirect(`/coordinator/requests/${requestId}?${new URLSearchParams({ done: intent, count: String(count) })}`);
  } catch (error) {
    if (error instanceof DomainError && (error.kind === "validation" || error.kind === "conflict")) {
      const first = Object.values(error.fieldErrors)[0]?.[0];
      return data({ intent, error: first ?? error.message }, { status: error.kind === "conflict" ? 409 : 400 });
    }
    return toResponse(error, request);
  }
}

export default formPage(() => import("./coordinator_.requests.$id.page"));
