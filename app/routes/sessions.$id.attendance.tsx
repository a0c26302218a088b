import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { attendanceSchema } from "~/domain/activities/shared";
import { getAttendanceSheet, recordAttendance } from "~/domain/activities";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import activitiesStyles from "~/styles/activities.css?url";
import { formPage } from "~/components/forms/form-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: activitiesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("organiser.attendance.title")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const sheet = await getAttendanceSheet({ ctx, input: { sessionId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    locale: ctx.locale,
    ...sheet,
    when: formatTimeRange(sheet.session.startsAt, sheet.session.endsAt, ctx.actor.timeZone, ctx.locale),
    saved,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const sessionId = idParam(params.id);
  const submission = parseForm(await request.formData(), attendanceSchema);
  if (submission.status !== "success") return replyUnfinished(submission);
  const outcome = await runTaggedForm(request, submission, () =>
    recordAttendance({ ctx, input: { sessionId, entries: submission.value.entries } }),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/sessions/${sessionId}/attendance?saved=${outcome.value.recorded}`);
}

export default formPage(() => import("./sessions.$id.attendance.page"));
