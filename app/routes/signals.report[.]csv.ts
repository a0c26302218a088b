import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/domain/csv";
import { reportCsvRows } from "~/domain/signals/shared";
import { getMunicipalReport } from "~/domain/signals";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import { runPeriodQuery } from "~/web/signal-query.server";

/** The report's aggregates as CSV (the same suppressed figures; no signal texts, no people). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const result = await runPeriodQuery(request, (input) => getMunicipalReport({ ctx, input })).catch((e) => toResponse(e, request));
  if (result.status !== 200) return new Response(getT(ctx.locale)("errors.validation"), { status: 400 });
  const { report, period } = result.value;
  return new Response(toCsv(reportCsvRows(report, getT(ctx.locale))), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="signalen-${period.from}-${period.to}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
