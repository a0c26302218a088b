import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { cancelSeries } from "~/domain/activities";
import { cancelSeriesSchema, messageSchema } from "~/domain/activities/shared";
import { getManageView, messageSignups } from "~/domain/activities";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import activitiesStyles from "~/styles/activities.css?url";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: activitiesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("organiser.manage.title", { title: data?.activity.title ?? "" })} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const view = await getManageView({ ctx, input: { activityId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const when = (start: number, end: number) => formatTimeRange(start, end, ctx.actor.timeZone, ctx.locale);
  const notice = Object.fromEntries(["created", "sent", "cancelled"].map((k) => [k, new URL(request.url).searchParams.get(k)]));
  const sessions = view.sessions.map((s) => ({
    ...s,
    when: when(s.startsAt, s.endsAt),
    shifts: s.shifts.map((sh) => ({ ...sh, when: when(sh.startsAt, sh.endsAt) })),
  }));
  return { locale: ctx.locale, ...view, sessions, notice };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const activityId = idParam(params.id);
  const formData = await request.formData();
  if (formData.get("intent") === "cancel-series") {
    const submission = parseForm(formData, cancelSeriesSchema);
    if (submission.status !== "success") return replyUnfinished(submission, "cancel-series");
    const result = await cancelSeries({ ctx, input: { seriesId: submission.value.seriesId } }).catch((e) => toResponse(e, request));
    return redirect(`/activities/${activityId}/manage?cancelled=${result.sessions}`);
  }
  const submission = parseForm(formData, messageSchema);
  if (submission.status !== "success") return replyUnfinished(submission, "message");
  const outcome = await runTaggedForm(
    request,
    submission,
    () => messageSignups({ ctx, input: { activityId, ...submission.value } }),
    "message",
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/activities/${activityId}/manage?sent=${outcome.value.recipients}`);
}

export default formPage(() => import("./activities.$id.manage.page"));
