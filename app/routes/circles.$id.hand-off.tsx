import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { getCircleHandOff, loadCircleForLead } from "~/domain/circles";
import { createHelpRequest, getHelpRequestFormOptions } from "~/domain/help";
import { helpRequestSchema } from "~/domain/help/shared";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { intlLocale } from "~/locales/intl";
import { runForm } from "~/web/forms.server";
import { idParam, requireCtx, toResponse } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";
import circlesStyles from "~/styles/circles.css?url";

// The warm hand-off (decision 048): a lead turns the circle's open tasks of the coming 4 weeks
// into one help request for the coordinator, with the same form and consent as any request.

export const links: LinksFunction = () => [{ rel: "stylesheet", href: circlesStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("circleHandOff.title")} · Noaber` }];

/** "1 Dec" style days in the page's language (the dates are local dates of the circle). */
function dayList(days: string[], locale: string) {
  const format = new Intl.DateTimeFormat(intlLocale(locale), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  return days.map((d) => format.format(new Date(`${d}T12:00:00Z`))).join(", ");
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  const handOff = await getCircleHandOff({ ctx, input: { id } }).catch((e) => toResponse(e, request));
  const t = getT(ctx.locale);
  const publicText = t("circleHandOff.publicText", {
    kinds: handOff.kinds.map((k) => t(`circleHandOff.taskKinds.${k}`)).join(", "),
    days: dayList(handOff.days, ctx.locale),
  });
  return {
    locale: ctx.locale,
    circle: handOff.circle,
    running: handOff.running.map((r) => ({ ...r, sent: formatDateTime(r.createdAt, ctx.actor.timeZone, ctx.locale) })),
    openTasks: handOff.openTasks,
    defaults: { ...handOff.values, neighbourhoodId: String(handOff.values.neighbourhoodId), publicText },
    options: await getHelpRequestFormOptions({ ctx }),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  // Someone who does not lead the circle learns nothing, not even that the form was wrong.
  await loadCircleForLead(ctx, id).catch((e) => toResponse(e, request));
  const submission = parseWithZod(await request.formData(), { schema: helpRequestSchema });
  // "Add a time" and "remove" come back here without JavaScript; they are not errors.
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: submission.status === "error" ? 400 : 200 });
  // The circle comes from the URL, never from the form; the verb checks that the actor leads it.
  const input = { ...submission.value, circleId: id, facilityId: undefined };
  const outcome = await runForm(submission, () => createHelpRequest({ ctx, input })).catch((e) => toResponse(e, request));
  if (!outcome.ok) return outcome.response;
  return redirect(`/requests/${outcome.value.id}?created`);
}

export default formPage(() => import("./circles.$id.hand-off.page"));
