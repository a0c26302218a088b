import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { createCircleTask, getNewTaskOptions } from "~/domain/circles";
import { createCircleTaskSchema } from "~/domain/circles/shared";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";
import circlesStyles from "~/styles/circles.css?url";

// Adding a task to the circle's calendar (any member): one-off, weekly or monthly, in the circle's zone.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("circleTasks.form.title")} · Noaber` },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const options = await getNewTaskOptions({ ctx, input: { circleId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, ...options };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const circleId = idParam(params.id);
  const submission = parseForm(await request.formData(), createCircleTaskSchema);
  if (submission.status !== "success") return replyUnfinished(submission);
  const outcome = await runTaggedForm(request, submission, () => createCircleTask({ ctx, input: { ...submission.value, circleId } }));
  if (!outcome.ok) return outcome.response;
  return redirect(`/circles/${circleId}?week=${submission.value.startDate}&created#notice`);
}

export default formPage(() => import("./circles.$id.tasks.new.page"));
