import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { circleTaskClaim, helpRequest } from "#db/schema";
import { getCircleHandOff, helpKindForTasks } from "~/domain/circles";
import { NotFound } from "~/domain/errors";
import { createHelpRequest, getTriage } from "~/domain/help";
import { helpRequestSchema } from "~/domain/help/request-schemas";
import { createCareRecipient, createCircle, createCircleTaskRecord } from "~/demo/builders";
import { fieldErrors } from "#tests/support/errors";
import { as, baseFields, database, ids, now, schemaErrors, setUpHelpRequestsWorld, valid } from "./help-requests-world";

setUpHelpRequestsWorld();

const HOUR = 3_600_000;
/** A local Amsterdam winter time (UTC+1) as an instant. */
const cet = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h - 1, min);
const SECRET_TITLE = "Soep bij oma Anna";
const SECRET_NOTES = "Anna vergeet haar pillen";

let circle: number;
let recipient: number;
let quietCircle: number;
let busyCircle: number;

beforeAll(async () => {
  await database.write(async (tx) => {
    recipient = (await createCareRecipient(tx, { carerId: ids.carer, neighbourhoodId: ids.north, firstName: "Anna" })).id;
    circle = (
      await createCircle(tx, {
        careRecipientId: recipient,
        neighbourhoodId: ids.north,
        leadId: ids.carer,
        members: [{ userId: ids.volunteerA }],
      })
    ).id;
    const task = (values: Parameters<typeof createCircleTaskRecord>[1]) => createCircleTaskRecord(tx, values);
    // Open: a meal on Monday 30 Nov and a ride on Wednesday 2 Dec.
    await task({ circleId: circle, kind: "meal", startsAt: cet(2026, 11, 30, 17), title: SECRET_TITLE, notes: SECRET_NOTES });
    await task({ circleId: circle, kind: "ride", startsAt: cet(2026, 12, 2, 10), endsAt: cet(2026, 12, 2, 12), title: "Naar de huisarts" });
    // Taken: company on Tuesday (not handed off).
    const taken = await task({ circleId: circle, kind: "company", startsAt: cet(2026, 12, 1, 14) });
    await tx.insert(circleTaskClaim).values({ occurrenceId: taken.occurrence.id, userId: ids.volunteerA, claimedAt: now });
    // Past, and beyond the 4 weeks: not handed off.
    await task({ circleId: circle, kind: "shopping", startsAt: cet(2026, 11, 27, 10) });
    await task({ circleId: circle, kind: "shopping", startsAt: cet(2027, 1, 10, 10) });
    // 17 November 09:30, only within 4 weeks of 20 October 10:00 when counted in local days (DST ends 25 Oct).
    await task({ circleId: circle, kind: "chores", startsAt: cet(2026, 11, 17, 9, 30) });

    // A circle whose only task is taken: nothing to hand off.
    const other = await createCareRecipient(tx, { carerId: ids.resident, neighbourhoodId: ids.north });
    quietCircle = (await createCircle(tx, { careRecipientId: other.id, neighbourhoodId: ids.north, leadId: ids.resident })).id;
    const only = await task({ circleId: quietCircle, kind: "meal", startsAt: cet(2026, 12, 3, 18) });
    await tx.insert(circleTaskClaim).values({ occurrenceId: only.occurrence.id, userId: ids.resident, claimedAt: now });

    // Overlapping tasks, and one past midnight.
    const third = await createCareRecipient(tx, { carerId: ids.vogVolunteer, neighbourhoodId: ids.south });
    busyCircle = (await createCircle(tx, { careRecipientId: third.id, neighbourhoodId: ids.south, leadId: ids.vogVolunteer })).id;
    await task({ circleId: busyCircle, kind: "company", startsAt: cet(2026, 12, 5, 10) });
    await task({ circleId: busyCircle, kind: "respite", startsAt: cet(2026, 12, 5, 10, 30) });
    await task({ circleId: busyCircle, kind: "company", startsAt: cet(2026, 12, 6, 23), endsAt: cet(2026, 12, 7, 1) });
  });
});

/** The hand-off form as the lead would send it: the pre-filled windows, an address, maybe care details. */
function handOffInput(windows: { date: string; startTime: string; endTime: string }[], extra: Record<string, string> = {}) {
  const fields: Record<string, string> = { ...baseFields(), publicText: "Onze kring zoekt hulp bij: maaltijd, vervoer." };
  delete fields["windows[0].date"];
  delete fields["windows[0].startTime"];
  delete fields["windows[0].endTime"];
  windows.forEach((w, i) => {
    fields[`windows[${i}].date`] = w.date;
    fields[`windows[${i}].startTime`] = w.startTime;
    fields[`windows[${i}].endTime`] = w.endTime;
  });
  return valid(helpRequestSchema, { ...fields, ...extra });
}

async function notFound(promise: Promise<unknown>) {
  await expect(promise).rejects.toBeInstanceOf(NotFound);
}

describe("the circle hand-off", () => {
  test("pre-fill: the open tasks of the coming 4 weeks as kind, windows and days; no titles, no notes", async () => {
    const handOff = await getCircleHandOff({ ctx: await as("carer"), input: { id: circle } });
    expect(handOff.openTasks).toBe(2);
    expect(handOff.kinds).toEqual(["meal", "ride"]);
    expect(handOff.days).toEqual(["2026-11-30", "2026-12-02"]);
    // meal → household and ride → transport tie; transport comes first among the help kinds.
    expect(handOff.values).toEqual({
      kind: "transport",
      neighbourhoodId: ids.north,
      windows: [
        { date: "2026-11-30", startTime: "17:00", endTime: "18:00" },
        { date: "2026-12-02", startTime: "10:00", endTime: "12:00" },
      ],
    });
    const text = JSON.stringify(handOff);
    expect(text).not.toContain(SECRET_TITLE);
    expect(text).not.toContain(SECRET_NOTES);
    expect(text).not.toContain("huisarts");
  });

  test("the 4 weeks are counted in local days across the end of summer time", async () => {
    const october = cet(2026, 10, 20, 9); // 20 October 10:00 summer time
    const handOff = await getCircleHandOff({ ctx: await as("carer", october), input: { id: circle } });
    expect(handOff.values.windows).toEqual([{ date: "2026-11-17", startTime: "09:30", endTime: "10:30" }]);
    expect(handOff.values.kind).toBe("household");
  });

  test("overlapping tasks are one window; a task past midnight ends the day's window at 23:59", async () => {
    const handOff = await getCircleHandOff({ ctx: await as("vogVolunteer"), input: { id: busyCircle } });
    expect(handOff.openTasks).toBe(3);
    expect(handOff.values).toEqual({
      kind: "respite",
      neighbourhoodId: ids.south,
      windows: [
        { date: "2026-12-05", startTime: "10:00", endTime: "11:30" },
        { date: "2026-12-06", startTime: "23:00", endTime: "23:59" },
      ],
    });
  });

  test("the kind mapping: most tasks win, none is 'other'", () => {
    expect(helpKindForTasks(["meal", "chores", "ride"])).toBe("household");
    expect(helpKindForTasks(["company", "respite"])).toBe("respite");
    expect(helpKindForTasks([])).toBe("other");
  });

  test("one submit creates the request with the circle, the lead as requester, the person cared for and the consent", async () => {
    const ctx = await as("carer");
    const { values } = await getCircleHandOff({ ctx, input: { id: circle } });
    const input = handOffInput(values.windows, { privateText: "Anna hoort slecht.", careConsent: "on" });
    const { id } = await createHelpRequest({ ctx, input: { ...input, circleId: circle } });
    const row = await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) });
    expect(row).toMatchObject({
      circleId: circle,
      requesterId: ids.carer,
      careRecipientId: recipient,
      status: "submitted",
      facilityId: null,
    });
    expect(row!.careConsentId).not.toBeNull();
    // The hand-off page now tells the lead that the coordinator has it (with a link: it is theirs).
    const again = await getCircleHandOff({ ctx, input: { id: circle } });
    expect(again.running).toEqual([{ id, status: "submitted", createdAt: now }]);
    // The coordinator sees that a circle handed it on, and nothing of the circle itself.
    const { request } = await getTriage({ ctx: await as("coordNorth"), input: { requestId: id } });
    expect(request).toMatchObject({ viaCircle: true, viaFacility: null });
    const windows = await database.db.query.helpRequestWindow.findMany({ where: (w, { eq: is }) => is(w.requestId, id) });
    expect(windows.map((w) => w.startsAt).sort()).toEqual([cet(2026, 11, 30, 17), cet(2026, 12, 2, 10)]);
    expect(windows.map((w) => w.endsAt - w.startsAt).sort()).toEqual([HOUR, 2 * HOUR]);
  });

  test("care details need the consent, exactly as on the normal form", async () => {
    const ctx = await as("carer");
    const { values } = await getCircleHandOff({ ctx, input: { id: circle } });
    // The form's schema refuses it (the page shows the error next to the box)…
    const fields: Record<string, string> = { ...baseFields(), privateText: "Anna hoort slecht." };
    expect(schemaErrors(helpRequestSchema, fields)).toEqual({ careConsent: ["helpRequest.errors.consentRequired"] });
    // …and so does the verb, should anything skip the schema.
    const input = { ...handOffInput(values.windows), privateText: "Anna hoort slecht.", circleId: circle };
    expect(await fieldErrors(createHelpRequest({ ctx, input }))).toEqual({ careConsent: ["helpRequest.errors.consentRequired"] });
  });

  test("a member who does not lead, and people outside the circle, get NotFound", async () => {
    const input = { ...handOffInput([{ date: "2026-11-30", startTime: "17:00", endTime: "18:00" }]), circleId: circle };
    for (const who of ["volunteerA", "coordNorth", "admin", "resident"] as const) {
      await notFound(getCircleHandOff({ ctx: await as(who), input: { id: circle } }));
      await notFound(createHelpRequest({ ctx: await as(who), input }));
    }
    const made = await database.db.query.helpRequest.findMany({ where: eq(helpRequest.circleId, circle) });
    expect(made.every((r) => r.requesterId === ids.carer)).toBe(true);
  });

  test("no open tasks: nothing to pre-fill and the request is refused with a clear message", async () => {
    const ctx = await as("resident");
    const handOff = await getCircleHandOff({ ctx, input: { id: quietCircle } });
    expect(handOff.openTasks).toBe(0);
    expect(handOff.values.windows).toEqual([]);
    const input = { ...handOffInput([{ date: "2026-12-03", startTime: "18:00", endTime: "19:00" }]), circleId: quietCircle };
    expect(await fieldErrors(createHelpRequest({ ctx, input }))).toEqual({ form: ["circleHandOff.errors.noOpenTasks"] });
    expect(await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.circleId, quietCircle) })).toBeUndefined();
  });
});
