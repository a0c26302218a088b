import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { intlLocale } from "~/locales/intl";
import { confirmShiftHoursSchema } from "~/domain/activities/shared";
import { confirmShiftHours, getMyHours } from "~/domain/activities";
import { formatTimeRange } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { parseForm, replyUnfinished, runTaggedForm } from "~/web/forms.server";
import { requireCtx } from "~/web/request.server";
import { formPage } from "~/components/forms/form-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("myHours.title")} · Noaber` }];

function monthName(month: string, locale: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(intlLocale(locale), { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const params = new URL(request.url).searchParams;
  const hours = await getMyHours({ ctx, input: { year: params.get("year") ?? undefined } });
  const when = (s: { startsAt: number; endsAt: number }) => formatTimeRange(s.startsAt, s.endsAt, hours.zone, ctx.locale);
  const body = {
    ...hours,
    locale: ctx.locale,
    confirmed: params.has("confirmed"),
    months: hours.months.map((m) => ({ ...m, label: monthName(m.month, ctx.locale) })),
    shiftsToConfirm: hours.shiftsToConfirm.map((s) => ({ ...s, when: when(s) })),
    helpToConfirm: hours.helpToConfirm.map((s) => ({ ...s, when: when(s) })),
  };
  return data(body, { status: hours.problem ? 400 : 200 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const submission = parseForm(await request.formData(), confirmShiftHoursSchema);
  const form = String(submission.payload.signupId ?? "");
  if (submission.status !== "success") return replyUnfinished(submission, form);
  const outcome = await runTaggedForm(request, submission, () => confirmShiftHours({ ctx, input: submission.value }), form);
  if (!outcome.ok) return outcome.response;
  return redirect("/me/hours?confirmed");
}

export default formPage(() => import("./me.hours.page"));
