import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorForLog } from "~/server/logger.server";

/** Liveness and database check for load balancers and monitoring. */
export async function loader({ context }: LoaderFunctionArgs) {
  const started = performance.now();
  try {
    await context.services.database.client.execute("SELECT 1");
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    return Response.json({ status: "ok", database: { status: "ok", latencyMs } }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    context.services.logger.log("error", "health check failed", { error: errorForLog(error) });
    return Response.json({ status: "error", database: { status: "error" } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
