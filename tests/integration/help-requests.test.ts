import { asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { careRecipient, consent, emailOutbox, helpRequest, helpRequestEvent, helpRequestWindow } from "#db/schema";
import { Forbidden, NotFound } from "~/domain/errors";
import { CARE_DETAILS_CONSENT_VERSION, helpRequestEditSchema, helpRequestSchema, intakeSchema } from "~/domain/help/request-schemas";
import {
  acceptInvite,
  createHelpRequest,
  getHelpRequestForEdit,
  listMyHelpRequests,
  registerIntakeRequest,
  updateHelpRequest,
  viewHelpRequest,
  withdrawHelpRequest,
} from "~/domain/help";
import { fieldErrors } from "#tests/support/errors";
import {
  as,
  baseFields,
  conflictKey,
  database,
  ids,
  invite,
  inviteOf,
  newRequest,
  now,
  schemaErrors,
  setStatus,
  setUpHelpRequestsWorld,
  statusOf,
  valid,
} from "./help-requests-world";

// The request side of help requests against a real database: asking (with windows, a weekly
// pattern across DST, care consent), intake, change and withdraw.
// The request page, invites and offers: help-request-answers.test.ts.

setUpHelpRequestsWorld();

describe("asking for help", () => {
  test("a request with one-off windows starts submitted, with a history row and a 'received' notice without care details", async () => {
    const id = await newRequest({
      privateText: "Hij heeft dementie.",
      careConsent: "on",
      "windows[1].date": "2026-12-03",
      "windows[1].startTime": "09:30",
      "windows[1].endTime": "11:00",
    });
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row).toMatchObject({
      status: "submitted",
      requesterId: ids.carer,
      kind: "respite",
      timeZone: "Europe/Amsterdam",
      privateText: "Hij heeft dementie.",
    });
    const windows = await database.db
      .select()
      .from(helpRequestWindow)
      .where(eq(helpRequestWindow.requestId, id))
      .orderBy(asc(helpRequestWindow.startsAt));
    // 14:00 in Amsterdam in winter is 13:00 UTC.
    expect(windows.map((w) => [w.startsAt, w.endsAt])).toEqual([
      [Date.UTC(2026, 11, 1, 13, 0), Date.UTC(2026, 11, 1, 16, 0)],
      [Date.UTC(2026, 11, 3, 8, 30), Date.UTC(2026, 11, 3, 10, 0)],
    ]);
    const events = await database.db.select().from(helpRequestEvent).where(eq(helpRequestEvent.requestId, id));
    expect(events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: "submitted", actorId: ids.carer, at: now })]);
    const consentRow = await database.db.query.consent.findFirst({ where: eq(consent.id, row.careConsentId!) });
    expect(consentRow).toMatchObject({ userId: ids.carer, purpose: "care-details", version: CARE_DETAILS_CONSENT_VERSION, givenAt: now });
    const mail = await database.db.query.emailOutbox.findFirst({ where: eq(emailOutbox.idempotencyKey, `help-received/${id}`) });
    expect(mail?.template).toBe("help-notice");
    expect(JSON.stringify(mail?.props)).not.toContain("dementie");
    expect(JSON.stringify(mail?.props)).not.toContain("Dorpsstraat");
  });

  test("for a new person cared for: the person is registered with what helpers should know, under consent", async () => {
    const fields = {
      ...baseFields(),
      forWhom: "new",
      recipientFirstName: "Henk",
      recipientBirthYear: "1941",
      recipientNeighbourhoodId: String(ids.north),
      recipientNotes: "Slechthorend.",
    };
    expect(schemaErrors(helpRequestSchema, fields)).toEqual({ careConsent: ["helpRequest.errors.consentRequired"] });
    const id = await newRequest({ ...fields, careConsent: "on" });
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    const person = await database.db.query.careRecipient.findFirst({ where: eq(careRecipient.id, row.careRecipientId!) });
    expect(person).toMatchObject({ carerId: ids.carer, firstName: "Henk", birthYear: 1941, notesForHelpers: "Slechthorend." });
    expect(row.careConsentId).not.toBeNull();
    // A second request can pick the same person; someone else cannot.
    const again = await newRequest({ forWhom: "existing", careRecipientId: String(person!.id) });
    expect((await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, again) }))!.careRecipientId).toBe(person!.id);
    const errors = await fieldErrors(
      createHelpRequest({
        ctx: await as("resident"),
        input: valid(helpRequestSchema, { ...baseFields(), forWhom: "existing", careRecipientId: String(person!.id) }),
      }),
    );
    expect(errors).toEqual({ careRecipientId: ["helpRequest.errors.recipientRequired"] });
  });

  test("form rules: end before start, no windows, a pattern without an end, care details without consent, over-long text", () => {
    expect(schemaErrors(helpRequestSchema, { ...baseFields(), "windows[0].endTime": "13:00" })).toEqual({
      "windows[0].endTime": ["helpRequest.errors.endBeforeStart"],
    });
    expect(
      schemaErrors(helpRequestSchema, { ...baseFields(), "windows[0].date": "", "windows[0].startTime": "", "windows[0].endTime": "" }),
    ).toEqual({
      windows: ["helpRequest.errors.windowsRequired"],
    });
    expect(
      schemaErrors(helpRequestSchema, {
        ...baseFields(),
        schedule: "weekly",
        weekdays: ["", "2"],
        recurStartDate: "2026-12-01",
        recurStartTime: "14:00",
        recurEndTime: "17:00",
      }),
    ).toEqual({ recurUntil: ["helpRequest.errors.recurrenceNoEnd"] });
    expect(schemaErrors(helpRequestSchema, { ...baseFields(), privateText: "Zorgdetail" })).toEqual({
      careConsent: ["helpRequest.errors.consentRequired"],
    });
    expect(schemaErrors(helpRequestSchema, { ...baseFields(), publicText: "x".repeat(2001) })).toEqual({
      publicText: ["helpRequest.errors.tooLong"],
    });
  });

  test("the domain refuses windows in the past, overlapping windows, a time skipped by DST and a neighbourhood outside the municipality", async () => {
    const errors = await fieldErrors(
      createHelpRequest({
        ctx: await as("carer"),
        input: valid(helpRequestSchema, {
          ...baseFields(),
          neighbourhoodId: String(ids.elsewhere),
          "windows[0].date": "2026-11-28",
          "windows[0].startTime": "09:00",
          "windows[0].endTime": "10:00",
          "windows[1].date": "2026-12-05",
          "windows[1].startTime": "10:00",
          "windows[1].endTime": "12:00",
          "windows[2].date": "2026-12-05",
          "windows[2].startTime": "11:00",
          "windows[2].endTime": "13:00",
          // 2027-03-28 is the spring-forward night in Amsterdam: 02:30 does not exist.
          "windows[3].date": "2027-03-28",
          "windows[3].startTime": "02:30",
          "windows[3].endTime": "04:00",
        }),
      }),
    );
    expect(errors).toEqual({
      neighbourhoodId: ["helpRequest.errors.neighbourhoodOutside"],
      "windows[0].date": ["helpRequest.errors.dateInPast"],
      "windows[2].startTime": ["helpRequest.errors.windowsOverlap"],
      "windows[3].startTime": ["helpRequest.errors.timeDoesNotExist"],
    });
  });

  test("a weekly pattern is expanded in the requester's zone: 14:00 stays 14:00 across the DST change", async () => {
    const id = await newRequest({
      schedule: "weekly",
      weekdays: ["", "2"],
      recurStartDate: "2027-03-16",
      recurStartTime: "14:00",
      recurEndTime: "17:00",
      recurCount: "3",
      "windows[0].date": "",
      "windows[0].startTime": "",
      "windows[0].endTime": "",
    });
    const windows = await database.db
      .select()
      .from(helpRequestWindow)
      .where(eq(helpRequestWindow.requestId, id))
      .orderBy(asc(helpRequestWindow.startsAt));
    expect(windows.map((w) => w.startsAt)).toEqual([Date.UTC(2027, 2, 16, 13), Date.UTC(2027, 2, 23, 13), Date.UTC(2027, 2, 30, 12)]);
    expect(windows.every((w) => w.endsAt - w.startsAt === 3 * 3_600_000)).toBe(true);
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row.scheduleRule).toMatchObject({
      startDate: "2027-03-16",
      startTime: "14:00",
      pattern: { kind: "weekly", weekdays: [2] },
      end: { count: 3 },
    });
    const edit = await getHelpRequestForEdit({ ctx: await as("carer"), input: { id } });
    expect(edit.values).toMatchObject({
      schedule: "weekly",
      weekdays: ["2"],
      recurStartTime: "14:00",
      recurEndTime: "17:00",
      recurCount: 3,
    });
  });

  test("a weekly pattern whose first day is past, or whose time is skipped by DST, gets a field message", async () => {
    const weekly = { schedule: "weekly", weekdays: ["", "7"], recurStartTime: "02:30", recurEndTime: "04:00", recurUntil: "2027-04-04" };
    const dst = await fieldErrors(
      createHelpRequest({
        ctx: await as("carer"),
        input: valid(helpRequestSchema, { ...baseFields(), ...weekly, recurStartDate: "2027-03-21" }),
      }),
    );
    expect(dst).toEqual({ recurStartTime: ["helpRequest.errors.timeDoesNotExist"] });
    const past = await fieldErrors(
      createHelpRequest({
        ctx: await as("carer"),
        input: valid(helpRequestSchema, {
          ...baseFields(),
          ...weekly,
          recurStartTime: "10:00",
          recurEndTime: "12:00",
          recurStartDate: "2026-11-01",
          recurUntil: "2026-12-31",
        }),
      }),
    );
    expect(past).toEqual({ recurStartDate: ["helpRequest.errors.dateInPast"] });
  });

  test("my requests lists only my own, newest first, with the next window in my zone", async () => {
    const mine = await listMyHelpRequests({ ctx: await as("carer") });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => typeof r.kind === "string")).toBe(true);
    const theirs = await listMyHelpRequests({ ctx: await as("resident") });
    expect(theirs).toEqual([]);
  });
});

describe("coordinator intake", () => {
  const intake = () => ({ ...baseFields(), contactName: "Mevrouw Jansen", contactPhone: "0541 123456" });

  test("a coordinator of the neighbourhood registers a request without a requester; the contact is kept", async () => {
    const { id } = await registerIntakeRequest({
      ctx: await as("coordNorth"),
      input: valid(intakeSchema, { ...intake(), privateText: "Loopt met rollator.", careConsent: "on" }),
    });
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row).toMatchObject({
      requesterId: null,
      registeredById: ids.coordNorth,
      contactName: "Mevrouw Jansen",
      contactPhone: "0541 123456",
      status: "submitted",
    });
    const view = await viewHelpRequest({ ctx: await as("coordNorth"), input: { id } });
    expect(view.intakeContact).toEqual({ name: "Mevrouw Jansen", phone: "0541 123456", email: null });
    expect(view.requesterName).toBe("Mevrouw Jansen");
  });

  test("a contact needs a phone or email; a coordinator elsewhere and a resident are refused", async () => {
    expect(schemaErrors(intakeSchema, { ...baseFields(), contactName: "X" })).toEqual({
      contactPhone: ["helpRequest.errors.contactRequired"],
    });
    const errors = await fieldErrors(registerIntakeRequest({ ctx: await as("coordSouth"), input: valid(intakeSchema, intake()) }));
    expect(errors).toEqual({ neighbourhoodId: ["helpRequest.errors.notYourNeighbourhood"] });
    await expect(registerIntakeRequest({ ctx: await as("resident"), input: valid(intakeSchema, intake()) })).rejects.toBeInstanceOf(
      Forbidden,
    );
  });
});

describe("changing and withdrawing", () => {
  test("the requester changes a request; windows are replaced; others get 'not found'; a matched one cannot change", async () => {
    const id = await newRequest();
    const input = { ...valid(helpRequestEditSchema, { ...baseFields(), kind: "shopping", "windows[0].date": "2026-12-10" }), id };
    await updateHelpRequest({ ctx: await as("carer"), input });
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row.kind).toBe("shopping");
    const windows = await database.db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, id));
    expect(windows.map((w) => w.startsAt)).toEqual([Date.UTC(2026, 11, 10, 13)]);
    await expect(updateHelpRequest({ ctx: await as("resident"), input })).rejects.toBeInstanceOf(NotFound);
    await setStatus(id, "matched", ids.volunteerA);
    expect(await conflictKey(updateHelpRequest({ ctx: await as("carer"), input }))).toBe("helpRequest.errors.notEditable");
  });

  test("withdrawing marks open invites withdrawn; accepting afterwards says the request is closed", async () => {
    const id = await newRequest();
    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    await invite(id, "volunteerB", "offered");
    await withdrawHelpRequest({ ctx: await as("carer"), input: { id } });
    expect(await statusOf(id)).toBe("withdrawn");
    expect((await inviteOf(id, "volunteerA"))?.status).toBe("withdrawn");
    expect((await inviteOf(id, "volunteerB"))?.status).toBe("withdrawn");
    const events = await database.db.select().from(helpRequestEvent).where(eq(helpRequestEvent.requestId, id));
    expect(events.at(-1)).toMatchObject({ fromStatus: "asked", toStatus: "withdrawn", actorId: ids.carer });
    expect(await conflictKey(acceptInvite({ ctx: await as("volunteerA"), input: { id } }))).toBe("helpRequest.errors.closed");
    expect(await conflictKey(withdrawHelpRequest({ ctx: await as("carer"), input: { id } }))).toBe(
      "helpRequests.errors.transition.withdraw",
    );
    await expect(withdrawHelpRequest({ ctx: await as("resident"), input: { id } })).rejects.toBeInstanceOf(NotFound);
  });
});
