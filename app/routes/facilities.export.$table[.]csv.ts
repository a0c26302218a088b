import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFacilityTable } from "~/domain/social-map";
import { requireCtx, toResponse } from "~/web/request.server";

/** One table of the social map in HSDS's tabular layout (/facilities/export/services.csv …), for coordinators and admins. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const { filename, csv } = await exportFacilityTable({ ctx, input: { table: params.table ?? "" } }).catch((e) => toResponse(e, request));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
