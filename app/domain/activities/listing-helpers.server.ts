import { sql } from "drizzle-orm";
import { z } from "zod";
import { signup } from "#db/schema";
import type { Ctx } from "../context.server";

// What the activity list and the activity page share: keyset cursors, slot counts, places left.

export const SESSIONS_PAGE_SIZE = 10;

export function viewerZone(ctx: Ctx): string {
  return ctx.actor?.timeZone ?? ctx.defaultTimeZone;
}

/** A keyset position "<epoch ms>.<id>": the sort key of the last (or first) row shown. */
export interface Cursor {
  at: number;
  id: number;
}
export const CURSOR = /^(\d{1,15})\.(\d{1,12})$/;

export function encodeCursor(c: Cursor): string {
  return `${c.at}.${c.id}`;
}

export function cursorField(message: string) {
  return z
    .string()
    .regex(CURSOR, message)
    .transform((v): Cursor => {
      const [, at, id] = CURSOR.exec(v)!;
      return { at: Number(at), id: Number(id) };
    });
}

/**
 * How many sign-ups of a status one slot has; shaped for the (session_id, shift_id, status) index.
 * The outer columns are given as explicit qualified names: drizzle leaves columns unqualified in
 * single-table selects, which inside a subquery would silently bind to the inner table.
 */
export const slotCount = (sessionRef: string, shiftRef: string | null, status: "confirmed" | "waitlisted") =>
  sql`(SELECT count(*) FROM ${signup} AS slot_signup WHERE slot_signup.session_id = ${sql.raw(sessionRef)} AND slot_signup.shift_id ${sql.raw(
    shiftRef === null ? "IS NULL" : `= ${shiftRef}`,
  )} AND slot_signup.status = ${status})`;

export const placesLeft = (capacity: number | null, confirmed: number) =>
  capacity === null ? null : Math.max(0, capacity - Number(confirmed));
