import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { changeCirclePlace, getTaskCalendar } from "~/domain/circles";
import { circleTaskActionSchema } from "~/domain/circles/shared";
import { Conflict, Validation } from "~/domain/errors";
import { formatLocalDate, weekdayOf } from "~/domain/scheduling";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";
import circlesStyles from "~/styles/circles.css?url";

// The circle's task calendar: the week's tasks by day, places to take, the lead's assign control,
// the load over the last weeks and (for leads) the hand-off suggestion. Members only (decision 048).

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("circleTasks.title")}${data ? ` · ${data.circle.name}` : ""} · Noaber` },
];

const notices = ["claimed", "unclaimed", "assignedDone", "released", "already", "created", "taskCancelled"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const search = new URL(request.url).searchParams;
  const view = await getTaskCalendar({
    ctx,
    input: { circleId: idParam(params.id), week: search.get("week") ?? undefined },
  }).catch((e) => toResponse(e, request));
  const { locale } = ctx;
  const t = getT(locale);
  const zone = view.circle.timeZone;
  const body = {
    ...view,
    locale,
    notice: notices.find((n) => search.has(n)) ?? null,
    weekTitle: { from: formatLocalDate(view.week.monday, locale), to: formatLocalDate(view.week.sunday, locale) },
    days: view.days.map((day) => ({
      ...day,
      heading: `${t(`organiser.weekdays.${weekdayOf(day.date)}`)} ${formatLocalDate(day.date, locale)}`,
      occurrences: day.occurrences.map((o) => ({ ...o, when: formatTimeRange(o.startsAt, o.endsAt, zone, locale) })),
    })),
  };
  return data(body, { status: view.problem ? 400 : 200 });
}

const done = { claim: "claimed", unclaim: "unclaimed", assign: "assignedDone", release: "released" } as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const circleId = idParam(params.id);
  const submission = parseForm(await request.formData(), circleTaskActionSchema);
  if (submission.status !== "success") return data({ message: "errors.validation" }, { status: 400 });
  try {
    const outcome = await changeCirclePlace({ ctx, input: { circleId, form: submission.value } });
    const week = new URL(request.url).searchParams.get("week");
    const notice = "already" in outcome && outcome.already ? "already" : done[outcome.intent];
    return redirect(`/circles/${circleId}?${week ? `week=${encodeURIComponent(week)}&` : ""}${notice}#notice`);
  } catch (error) {
    // The last place just went, or the task is over or cancelled: a clear message, never a 500.
    if (error instanceof Conflict) return data({ message: error.message }, { status: 409 });
    if (error instanceof Validation) {
      const message = Object.values(error.fieldErrors).flat()[0] ?? error.message;
      return data({ message }, { status: 400 });
    }
    return toResponse(error, request);
  }
}

export default formPage(() => import("./circles.$id._index.page"));
