import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportFacilitiesHsds } from "~/domain/social-map";
import { requireCtx, toResponse } from "~/web/request.server";

/** The municipality's social map as HSDS 3.0 JSON (services with everything nested), for coordinators and admins. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const page = await exportFacilitiesHsds({ ctx }).catch((e) => toResponse(e, request));
  return new Response(JSON.stringify(page, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="facilities-hsds.json"',
      "Cache-Control": "private, no-store",
    },
  });
}
