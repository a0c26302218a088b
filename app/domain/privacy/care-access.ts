import type { HelpRequestStatus } from "../vocabulary";
import { periodAfter } from "../scheduling/periods";
import { RETENTION, retentionPeriod, type RetentionEntry } from "./retention";

/** The statuses in which the help has ended: retention counts from `ended_at` for these. */
export const CLOSED_REQUEST_STATUSES = ["completed", "withdrawn", "expired", "cancelled"] as const satisfies readonly HelpRequestStatus[];

/**
 * Whether a coordinator may still see a request's care details (care text, address, phone, names,
 * intake contact): always while the help runs, and until the `coordinatorAccess` period of the
 * retention table has passed since it ended (decision 034). Counted in the request's own zone.
 * A closed request without `ended_at` (older data) counts from its last change.
 */
export function coordinatorMaySeeCare(
  request: { status: HelpRequestStatus; endedAt: number | null; updatedAt: number; timeZone: string },
  now: number,
  table: readonly RetentionEntry[] = RETENTION,
): boolean {
  if (!(CLOSED_REQUEST_STATUSES as readonly HelpRequestStatus[]).includes(request.status)) return true;
  const ended = request.endedAt ?? request.updatedAt;
  return now < periodAfter(ended, retentionPeriod("coordinatorAccess", table), request.timeZone);
}
