import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/domain/csv";
import { exportSignups } from "~/domain/activities";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";

const columns = ["activity", "sessionStart", "role", "name", "email", "status", "attendance", "minutes"] as const;

/** The sign-ups of an activity as CSV, for its organisers and the neighbourhood's coordinators. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const { filename, rows } = await exportSignups({ ctx, input: { activityId: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const t = getT(ctx.locale);
  const csv = toCsv([
    [...columns.map((c) => t(`organiser.csv.${c}`)), t("reminders.manage.csvConfirmedAt")],
    ...rows.map((r) => [
      r.activity,
      r.sessionStart,
      r.role ?? "",
      r.name,
      r.email,
      t(`organiser.status.${r.status}`),
      r.attendance ? t(`organiser.attendance.${r.attendance}`) : "",
      r.minutes,
      r.confirmedAt ?? "",
    ]),
  ]);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      // Personal data: never kept by a shared cache or the browser's back/forward cache.
      "Cache-Control": "private, no-store",
    },
  });
}
