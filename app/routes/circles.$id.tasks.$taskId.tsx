import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { cancelCircleTask, getCircleTask } from "~/domain/circles";
import { cancelCircleTaskSchema } from "~/domain/circles/shared";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";
import circlesStyles from "~/styles/circles.css?url";

// One task of the circle: what it is, its coming times, and (for its creator and the leads)
// stopping one time or the whole task.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? data.task.title : getT("nl")("errors.title")} · ${getT(data?.locale ?? "nl")("circleTasks.title")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const view = await getCircleTask({ ctx, input: { circleId: idParam(params.id), taskId: idParam(params.taskId) } }).catch((e) =>
    toResponse(e, request),
  );
  const zone = view.circle.timeZone;
  return {
    ...view,
    locale: ctx.locale,
    occurrenceCancelled: new URL(request.url).searchParams.has("occurrenceCancelled"),
    occurrences: view.occurrences.map((o) => ({ ...o, when: formatTimeRange(o.startsAt, o.endsAt, zone, ctx.locale) })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const circleId = idParam(params.id);
  const taskId = idParam(params.taskId);
  const submission = parseForm(await request.formData(), cancelCircleTaskSchema);
  if (submission.status !== "success") return replyUnfinished(submission);
  const outcome = await runTaggedForm(request, submission, () =>
    cancelCircleTask({ ctx, input: { circleId, taskId, form: submission.value } }),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(
    submission.value.intent === "cancel-task"
      ? `/circles/${circleId}?taskCancelled#notice`
      : `/circles/${circleId}/tasks/${taskId}?occurrenceCancelled`,
  );
}

export default formPage(() => import("./circles.$id.tasks.$taskId.page"));
