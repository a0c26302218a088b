import type { Database } from "#db/client";
import type { Ctx } from "~/domain/context.server";
import { promptAfterSessions } from "~/domain/activities";
import { sendWeeklyDigests } from "~/domain/notifications";
import { flagUnmetRequests } from "~/domain/help";
import { runRetention } from "~/domain/privacy";
import { resumeFacilityImports } from "~/domain/social-map";
import type { Keyring } from "~/domain/keyring.server";
import { errorForLog, type Logger } from "./logger.server";

export interface MaintenanceOptions {
  database: Database;
  keys: Keyring;
  logger: Logger;
  appUrl: string;
  defaultTimeZone: string;
  now?: () => number;
  /** Time between rounds; the first round runs at start. */
  intervalMs?: number;
}

export const MAINTENANCE_INTERVAL_MS = 5 * 60_000;
/**
 * Retention (decision 034) runs in the first round after start and then in the first round 24 hours
 * after its last run. The time is kept in memory: a restart runs it once more, which changes
 * nothing (every step picks only what is past its period), and two processes may both run it.
 */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60_000;

/**
 * Periodic upkeep that runs next to the outbox worker: expires and flags unmet help requests and
 * tells coordinators (through the outbox), queues after-session prompts, and sends the weekly
 * digests that are due. A failing round is logged and the next one runs anyway.
 */
export function createMaintenanceTicker(options: MaintenanceOptions) {
  const { database, keys, logger, appUrl, defaultTimeZone, now = Date.now, intervalMs = MAINTENANCE_INTERVAL_MS } = options;
  const ctx: Ctx = { database, keys, appUrl, defaultTimeZone, now, actor: null, locale: "nl" };

  function failed(msg: string, error: unknown): null {
    logger.log("error", msg, { error: errorForLog(error) });
    return null;
  }

  async function runOnce() {
    const result = await flagUnmetRequests({ ctx });
    if (result.expired.length || result.flagged.length)
      logger.log("info", "help requests maintained", { expired: result.expired.length, flagged: result.flagged.length });
    // Each later task fails on its own: a broken digest must not stop the after-session prompts.
    const afterSession = await promptAfterSessions({ ctx }).catch((error: unknown) => failed("after-session prompts failed", error));
    if (afterSession?.queued) logger.log("info", "after-session prompts queued", { queued: afterSession.queued });
    const digests = await sendWeeklyDigests({ ctx }).catch((error: unknown) => failed("weekly digests failed", error));
    if (digests && (digests.sent || digests.empty)) logger.log("info", "weekly digests", { sent: digests.sent, empty: digests.empty });
    // Facility imports that a restart interrupted start again from their stored file.
    const resumedImports = await resumeFacilityImports({ ctx }).catch((error: unknown) => failed("facility import resume failed", error));
    if (resumedImports?.length) logger.log("info", "facility imports resumed", { ids: resumedImports });
    const retention = await retainDaily().catch((error: unknown) => failed("retention failed", error));
    return { ...result, afterSession, digests, retention };
  }

  let lastRetention: number | null = null;
  async function retainDaily() {
    const at = now();
    if (lastRetention !== null && at - lastRetention < RETENTION_INTERVAL_MS) return null;
    const counts = await runRetention({ ctx });
    // Only a finished run counts: a failed one is tried again in the next round.
    lastRetention = at;
    logger.log("info", "retention applied", counts);
    return counts;
  }

  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  function schedule(delay: number) {
    timer = setTimeout(() => {
      current = runOnce()
        .catch((error: unknown) => logger.log("error", "maintenance round failed", { error: errorForLog(error) }))
        .finally(() => {
          if (running) schedule(intervalMs);
        });
    }, delay);
  }

  return {
    runOnce,
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
