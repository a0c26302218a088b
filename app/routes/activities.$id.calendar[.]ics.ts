import type { LoaderFunctionArgs } from "@remix-run/node";
import { seriesIcs, sessionIcs } from "~/domain/calendar";
import { getCtx, idParam, toResponse } from "~/web/request.server";

/** One session (?session=<id>) or a whole series (?series=<id>) of a public activity, to download. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const search = new URL(request.url).searchParams;
  const activityId = idParam(params.id);
  const series = search.get("series");
  const ics = await (
    series === null
      ? sessionIcs({ ctx, input: { activityId, sessionId: idParam(search.get("session") ?? undefined) } })
      : seriesIcs({ ctx, input: { activityId, seriesId: idParam(series) } })
  ).catch((e) => toResponse(e, request));
  const name = series === null ? `session-${search.get("session")}` : `series-${series}`;
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="noaber-${activityId}-${name}.ics"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
