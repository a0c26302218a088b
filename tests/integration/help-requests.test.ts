import { parseWithZod } from "@conform-to/zod";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { HelpInviteStatus, HelpRequestStatus } from "~/domain/vocabulary";
import { careAccessLog, careRecipient, consent, emailOutbox, helpInvite, helpRequest, helpRequestEvent, helpRequestWindow } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { Conflict, Forbidden, NotFound } from "~/domain/errors";
import { CARE_DETAILS_CONSENT_VERSION, helpRequestEditSchema, helpRequestSchema, intakeSchema } from "~/domain/help/request-schemas";
import {
  acceptInvite,
  createHelpRequest,
  declineInvite,
  getHelpRequestForEdit,
  listMyHelpRequests,
  listOpenRequestsNearMe,
  offerHelp,
  registerIntakeRequest,
  updateHelpRequest,
  viewHelpRequest,
  withdrawHelpRequest,
} from "~/domain/help";
import {
  createMunicipality,
  createNeighbourhood,
  createSkill,
  createUser,
  createVolunteerProfile,
  grantAdmin,
  grantCoordinator,
  makeAdjacent,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { fieldErrors } from "#tests/support/errors";

// The request side of help requests against a real database: asking (with windows, a weekly
// pattern across DST, care consent), intake, change and withdraw, the request page per relation
// with the access log, accepting and declining (also two at once), open requests near me, offers.

let database: TestDatabase;
// Saturday 28 November 2026, 10:00 UTC (11:00 in Amsterdam).
const now = Date.UTC(2026, 10, 28, 10, 0);

type Who = "carer" | "volunteerA" | "volunteerB" | "vogVolunteer" | "farVolunteer" | "coordNorth" | "coordSouth" | "resident" | "admin";
const ids = {} as Record<Who | "north" | "south" | "east" | "elsewhere" | "dementia", number>;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    const other = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    ids.east = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Oost" })).id;
    ids.elsewhere = (await createNeighbourhood(tx, { municipalityId: other.id, name: "Elders" })).id;
    await makeAdjacent(tx, ids.north, ids.south);
    ids.carer = (await createUser(tx, { neighbourhoodId: ids.north, name: "Carla Zorg", phone: "06-12345678" })).id;
    ids.volunteerA = (await createUser(tx, { neighbourhoodId: ids.north, name: "Vera Vrijwilliger" })).id;
    ids.volunteerB = (await createUser(tx, { neighbourhoodId: ids.north, name: "Bas Buur" })).id;
    ids.vogVolunteer = (await createUser(tx, { neighbourhoodId: ids.south, name: "Vince VOG" })).id;
    ids.farVolunteer = (await createUser(tx, { neighbourhoodId: ids.east, name: "Fien Ver" })).id;
    await createVolunteerProfile(tx, { userId: ids.volunteerA });
    await createVolunteerProfile(tx, { userId: ids.volunteerB });
    await createVolunteerProfile(tx, { userId: ids.vogVolunteer, travelRange: "adjacent", vogStatus: "valid", vogValidUntil: "2027-12-31" });
    await createVolunteerProfile(tx, { userId: ids.farVolunteer, travelRange: "own" });
    ids.coordNorth = (await createUser(tx, { neighbourhoodId: ids.north, name: "Coördinator Noord" })).id;
    await grantCoordinator(tx, ids.coordNorth, [ids.north]);
    ids.coordSouth = (await createUser(tx, { neighbourhoodId: ids.south, name: "Coördinator Zuid" })).id;
    await grantCoordinator(tx, ids.coordSouth, [ids.south]);
    ids.resident = (await createUser(tx, { neighbourhoodId: ids.north, name: "Rik Rest" })).id;
    ids.admin = (await createUser(tx, { neighbourhoodId: ids.south })).id;
    await grantAdmin(tx, ids.admin);
    ids.dementia = (await createSkill(tx, { slug: `dementie-${Date.now()}`, nameNl: "Dementie", nameEn: "Dementia" })).id;
  });
});
afterAll(() => database.cleanup());

function as(who: Who | null, at = now): Promise<Ctx> {
  return ctxAs(database, who === null ? null : ids[who], { now: () => at });
}

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}
const baseFields = () => ({
  kind: "respite",
  schedule: "windows",
  "windows[0].date": "2026-12-01",
  "windows[0].startTime": "14:00",
  "windows[0].endTime": "17:00",
  neighbourhoodId: String(ids.north),
  address: "Dorpsstraat 12",
  urgency: "normal",
  publicText: "Mijn man heeft gezelschap nodig, dan kan ik even boodschappen doen.",
});
function valid<S extends typeof helpRequestSchema | typeof helpRequestEditSchema | typeof intakeSchema>(schema: S, fields: Record<string, string | string[]>) {
  const submission = parseWithZod(form(fields), { schema });
  if (submission.status !== "success") throw new Error(`expected a valid form: ${JSON.stringify(submission.error)}`);
  return submission.value as S["_output"];
}
function schemaErrors(schema: typeof helpRequestSchema | typeof intakeSchema, fields: Record<string, string | string[]>) {
  const submission = parseWithZod(form(fields), { schema });
  expect(submission.status).toBe("error");
  return submission.status === "error" ? submission.error : null;
}
async function conflictKey(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Conflict);
  return (error as Conflict).message;
}

async function newRequest(extra: Record<string, string | string[]> = {}, who: Who = "carer") {
  return (await createHelpRequest({ ctx: await as(who), input: valid(helpRequestSchema, { ...baseFields(), ...extra }) })).id;
}
async function setStatus(id: number, status: HelpRequestStatus, matchedVolunteerId?: number) {
  await database.write((tx) => tx.update(helpRequest).set({ status, matchedVolunteerId: matchedVolunteerId ?? null }).where(eq(helpRequest.id, id)));
}
async function invite(id: number, who: Who, status: HelpInviteStatus = "asked") {
  await database.write((tx) => tx.insert(helpInvite).values({ requestId: id, volunteerId: ids[who], status, askedById: ids.coordNorth, createdAt: now }));
}
const inviteOf = async (id: number, who: Who) =>
  database.db.query.helpInvite.findFirst({ where: and(eq(helpInvite.requestId, id), eq(helpInvite.volunteerId, ids[who])) });
const statusOf = async (id: number) => (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!.status;
const logsOf = (id: number) => database.db.select().from(careAccessLog).where(eq(careAccessLog.requestId, id)).orderBy(asc(careAccessLog.id));

describe("asking for help", () => {
  test("a request with one-off windows starts submitted, with a history row and a 'received' notice without care details", async () => {
    const id = await newRequest({ privateText: "Hij heeft dementie.", careConsent: "on", "windows[1].date": "2026-12-03", "windows[1].startTime": "09:30", "windows[1].endTime": "11:00" });
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row).toMatchObject({ status: "submitted", requesterId: ids.carer, kind: "respite", timeZone: "Europe/Amsterdam", privateText: "Hij heeft dementie." });
    const windows = await database.db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, id)).orderBy(asc(helpRequestWindow.startsAt));
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
    const fields = { ...baseFields(), forWhom: "new", recipientFirstName: "Henk", recipientBirthYear: "1941", recipientNeighbourhoodId: String(ids.north), recipientNotes: "Slechthorend." };
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
      createHelpRequest({ ctx: await as("resident"), input: valid(helpRequestSchema, { ...baseFields(), forWhom: "existing", careRecipientId: String(person!.id) }) }),
    );
    expect(errors).toEqual({ careRecipientId: ["helpRequest.errors.recipientRequired"] });
  });

  test("form rules: end before start, no windows, a pattern without an end, care details without consent, over-long text", () => {
    expect(schemaErrors(helpRequestSchema, { ...baseFields(), "windows[0].endTime": "13:00" })).toEqual({ "windows[0].endTime": ["helpRequest.errors.endBeforeStart"] });
    expect(schemaErrors(helpRequestSchema, { ...baseFields(), "windows[0].date": "", "windows[0].startTime": "", "windows[0].endTime": "" })).toEqual({
      windows: ["helpRequest.errors.windowsRequired"],
    });
    expect(
      schemaErrors(helpRequestSchema, { ...baseFields(), schedule: "weekly", weekdays: ["", "2"], recurStartDate: "2026-12-01", recurStartTime: "14:00", recurEndTime: "17:00" }),
    ).toEqual({ recurUntil: ["helpRequest.errors.recurrenceNoEnd"] });
    expect(schemaErrors(helpRequestSchema, { ...baseFields(), privateText: "Zorgdetail" })).toEqual({ careConsent: ["helpRequest.errors.consentRequired"] });
    expect(schemaErrors(helpRequestSchema, { ...baseFields(), publicText: "x".repeat(2001) })).toEqual({ publicText: ["helpRequest.errors.tooLong"] });
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
    const windows = await database.db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, id)).orderBy(asc(helpRequestWindow.startsAt));
    expect(windows.map((w) => w.startsAt)).toEqual([Date.UTC(2027, 2, 16, 13), Date.UTC(2027, 2, 23, 13), Date.UTC(2027, 2, 30, 12)]);
    expect(windows.every((w) => w.endsAt - w.startsAt === 3 * 3_600_000)).toBe(true);
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row.scheduleRule).toMatchObject({ startDate: "2027-03-16", startTime: "14:00", pattern: { kind: "weekly", weekdays: [2] }, end: { count: 3 } });
    const edit = await getHelpRequestForEdit({ ctx: await as("carer"), input: { id } });
    expect(edit.values).toMatchObject({ schedule: "weekly", weekdays: ["2"], recurStartTime: "14:00", recurEndTime: "17:00", recurCount: 3 });
  });

  test("a weekly pattern whose first day is past, or whose time is skipped by DST, gets a field message", async () => {
    const weekly = { schedule: "weekly", weekdays: ["", "7"], recurStartTime: "02:30", recurEndTime: "04:00", recurUntil: "2027-04-04" };
    const dst = await fieldErrors(createHelpRequest({ ctx: await as("carer"), input: valid(helpRequestSchema, { ...baseFields(), ...weekly, recurStartDate: "2027-03-21" }) }));
    expect(dst).toEqual({ recurStartTime: ["helpRequest.errors.timeDoesNotExist"] });
    const past = await fieldErrors(
      createHelpRequest({ ctx: await as("carer"), input: valid(helpRequestSchema, { ...baseFields(), ...weekly, recurStartTime: "10:00", recurEndTime: "12:00", recurStartDate: "2026-11-01", recurUntil: "2026-12-31" }) }),
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
    const { id } = await registerIntakeRequest({ ctx: await as("coordNorth"), input: valid(intakeSchema, { ...intake(), privateText: "Loopt met rollator.", careConsent: "on" }) });
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row).toMatchObject({ requesterId: null, registeredById: ids.coordNorth, contactName: "Mevrouw Jansen", contactPhone: "0541 123456", status: "submitted" });
    const view = await viewHelpRequest({ ctx: await as("coordNorth"), input: { id } });
    expect(view.intakeContact).toEqual({ name: "Mevrouw Jansen", phone: "0541 123456", email: null });
    expect(view.requesterName).toBe("Mevrouw Jansen");
  });

  test("a contact needs a phone or email; a coordinator elsewhere and a resident are refused", async () => {
    expect(schemaErrors(intakeSchema, { ...baseFields(), contactName: "X" })).toEqual({ contactPhone: ["helpRequest.errors.contactRequired"] });
    const errors = await fieldErrors(registerIntakeRequest({ ctx: await as("coordSouth"), input: valid(intakeSchema, intake()) }));
    expect(errors).toEqual({ neighbourhoodId: ["helpRequest.errors.notYourNeighbourhood"] });
    await expect(registerIntakeRequest({ ctx: await as("resident"), input: valid(intakeSchema, intake()) })).rejects.toBeInstanceOf(Forbidden);
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
    expect(await conflictKey(withdrawHelpRequest({ ctx: await as("carer"), input: { id } }))).toBe("helpRequests.errors.transition.withdraw");
    await expect(withdrawHelpRequest({ ctx: await as("resident"), input: { id } })).rejects.toBeInstanceOf(NotFound);
  });
});

describe("the request page: fields per relation, and the access log", () => {
  test("each relation sees its fields; care reads by others are logged with the fields; the requester sees who looked", async () => {
    const id = await newRequest({ privateText: "Sleutel ligt bij de buren.", careConsent: "on" });
    const requester = await viewHelpRequest({ ctx: await as("carer"), input: { id } });
    expect(requester).toMatchObject({ relation: "requester", address: "Dorpsstraat 12", phone: "06-12345678", requesterName: "Carla Zorg", privateText: "Sleutel ligt bij de buren." });
    expect(await logsOf(id)).toEqual([]);

    // Submitted: volunteers and other residents see nothing (not even that it exists).
    await expect(viewHelpRequest({ ctx: await as("volunteerA"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    await expect(viewHelpRequest({ ctx: await as("resident"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    await expect(viewHelpRequest({ ctx: await as("coordSouth"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    await expect(viewHelpRequest({ ctx: await as(null), input: { id } })).rejects.toBeInstanceOf(NotFound);

    const coordinator = await viewHelpRequest({ ctx: await as("coordNorth"), input: { id } });
    expect(coordinator).toMatchObject({ relation: "coordinator", address: "Dorpsstraat 12", privateText: "Sleutel ligt bij de buren." });
    expect((await logsOf(id)).map((l) => [l.viewerId, l.fields, l.purpose])).toEqual([[ids.coordNorth, ["address", "phone", "privateText", "notesForHelpers", "intakeContact"], "view"]]);

    await setStatus(id, "open");
    const volunteer = await viewHelpRequest({ ctx: await as("volunteerA"), input: { id } });
    expect(volunteer).toMatchObject({ relation: "volunteer", address: null, phone: null, privateText: null, requesterName: null, status: null, canOffer: true });
    expect(volunteer.publicText).toContain("gezelschap");
    expect(volunteer.windows).toHaveLength(1);

    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    const asked = await viewHelpRequest({ ctx: await as("volunteerA"), input: { id } });
    expect(asked).toMatchObject({ relation: "asked-volunteer", address: null, privateText: null, status: "asked", canAnswer: true });
    expect(await logsOf(id)).toHaveLength(1);

    await acceptInvite({ ctx: await as("volunteerA"), input: { id } });
    const accepted = await viewHelpRequest({ ctx: await as("volunteerA"), input: { id } });
    expect(accepted).toMatchObject({ relation: "accepted-volunteer", address: "Dorpsstraat 12", phone: "06-12345678", requesterName: "Carla Zorg", privateText: "Sleutel ligt bij de buren." });
    expect((await logsOf(id)).at(-1)).toMatchObject({ viewerId: ids.volunteerA, fields: ["address", "phone", "privateText", "notesForHelpers"], purpose: "view" });

    // The match ends: the former helper no longer sees care details, and nothing more is logged.
    await setStatus(id, "completed", ids.volunteerA);
    const before = (await logsOf(id)).length;
    const former = await viewHelpRequest({ ctx: await as("volunteerA"), input: { id } });
    expect(former).toMatchObject({ relation: "former-volunteer", address: null, phone: null, privateText: null });
    expect(await logsOf(id)).toHaveLength(before);

    const again = await viewHelpRequest({ ctx: await as("carer"), input: { id } });
    expect(again.accessLog.map((a) => a.viewer)).toEqual(["Vera Vrijwilliger", "Coördinator Noord"]);
    expect(again.accessLog[0]!.fields).toContain("address");
    expect(again.history.map((h) => h.to)).toEqual(["submitted", "matched"]);
    expect(again.history[1]!.actor).toBe("Vera Vrijwilliger");
  });
});

describe("answering an invite", () => {
  test("declining with a reason; when the last asked volunteer declines, the request goes back to open", async () => {
    const id = await newRequest();
    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    await invite(id, "volunteerB");
    await declineInvite({ ctx: await as("volunteerA"), input: { id, reason: "Ben die week weg." } });
    expect(await inviteOf(id, "volunteerA")).toMatchObject({ status: "declined", reason: "Ben die week weg.", respondedAt: now });
    expect(await statusOf(id)).toBe("asked");
    await declineInvite({ ctx: await as("volunteerB"), input: { id } });
    expect(await statusOf(id)).toBe("open");
    const events = await database.db.select().from(helpRequestEvent).where(eq(helpRequestEvent.requestId, id));
    expect(events.at(-1)).toMatchObject({ fromStatus: "asked", toStatus: "open", actorId: ids.volunteerB });
    expect(await conflictKey(declineInvite({ ctx: await as("volunteerB"), input: { id } }))).toBe("helpRequest.errors.notInvited");
    expect(await conflictKey(acceptInvite({ ctx: await as("volunteerA"), input: { id } }))).toBe("helpRequest.errors.notInvited");
  });

  test("accepting: the request is matched, the other asked volunteer is told it is filled and gets 'filled' when trying", async () => {
    const id = await newRequest();
    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    await invite(id, "volunteerB");
    await acceptInvite({ ctx: await as("volunteerB"), input: { id } });
    expect(await statusOf(id)).toBe("matched");
    expect((await inviteOf(id, "volunteerA"))?.status).toBe("filled");
    expect(await conflictKey(acceptInvite({ ctx: await as("volunteerA"), input: { id } }))).toBe("helpRequest.errors.filled");
    // Someone never asked gets "not found": the answer does not tell that the request exists.
    await expect(acceptInvite({ ctx: await as("resident"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    const mails = await database.db.select({ key: emailOutbox.idempotencyKey }).from(emailOutbox);
    expect(mails.map((m) => m.key)).toEqual(expect.arrayContaining([`help-matched/${id}/volunteer`, `help-matched/${id}/requester`]));
  });

  test("two volunteers accepting at the same time: exactly one is matched, the other gets 'filled'", async () => {
    const id = await newRequest();
    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    await invite(id, "volunteerB");
    const [a, b] = await Promise.allSettled([acceptInvite({ ctx: await as("volunteerA"), input: { id } }), acceptInvite({ ctx: await as("volunteerB"), input: { id } })]);
    const outcomes = [a, b];
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(Conflict);
    expect((lost.reason as Conflict).message).toBe("helpRequest.errors.filled");
    const row = (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
    expect(row.status).toBe("matched");
    const invites = await database.db.select().from(helpInvite).where(eq(helpInvite.requestId, id));
    expect(invites.filter((i) => i.status === "accepted").map((i) => i.volunteerId)).toEqual([row.matchedVolunteerId]);
    expect(invites.filter((i) => i.status === "filled")).toHaveLength(1);
  });
});

describe("open requests near me and offers", () => {
  test("shows open and asked requests within the travel range whose hard rules the volunteer meets, only any-volunteer fields", async () => {
    const plain = await newRequest({ publicText: "Hulp bij de boodschappen in Noord." });
    const vog = await newRequest({ publicText: "Met VOG in Noord.", requiresVog: "on" });
    const south = await newRequest({ publicText: "Hulp in Zuid.", neighbourhoodId: String(ids.south) });
    const submitted = await newRequest({ publicText: "Nog niet bekeken." });
    for (const id of [plain, vog, south]) await setStatus(id, "open");

    const near = (await listOpenRequestsNearMe({ ctx: await as("volunteerA") })).requests.map((r) => r.publicText);
    expect(near).toContain("Hulp bij de boodschappen in Noord.");
    expect(near).not.toContain("Met VOG in Noord.");
    expect(near).not.toContain("Hulp in Zuid.");
    expect(near).not.toContain("Nog niet bekeken.");

    const adjacent = await listOpenRequestsNearMe({ ctx: await as("vogVolunteer") });
    const texts = adjacent.requests.map((r) => r.publicText);
    expect(texts).toEqual(expect.arrayContaining(["Hulp bij de boodschappen in Noord.", "Met VOG in Noord.", "Hulp in Zuid."]));
    const one = adjacent.requests.find((r) => r.id === plain)!;
    expect(Object.keys(one).sort()).toEqual(["id", "invite", "kind", "neighbourhood", "publicText", "windows"]);

    expect((await listOpenRequestsNearMe({ ctx: await as("farVolunteer") })).requests.map((r) => r.id)).not.toContain(plain);
    expect(await listOpenRequestsNearMe({ ctx: await as("resident") })).toEqual({ isVolunteer: false, paused: false, requests: [] });
    expect((await listOpenRequestsNearMe({ ctx: await as("carer") })).requests).toEqual([]);
    expect(submitted).toBeGreaterThan(0);
  });

  test("an offer creates an 'offered' invite and tells the coordinators of that neighbourhood; twice or out of reach is refused", async () => {
    const id = await newRequest({ publicText: "Wie wil wandelen?", neighbourhoodId: String(ids.south) });
    await setStatus(id, "open");
    await offerHelp({ ctx: await as("vogVolunteer"), input: { id } });
    const offered = await inviteOf(id, "vogVolunteer");
    expect(offered).toMatchObject({ status: "offered", askedById: null });
    const mail = await database.db.query.emailOutbox.findFirst({ where: eq(emailOutbox.idempotencyKey, `help-offer/${offered!.id}/${ids.coordSouth}`) });
    expect(mail).toBeDefined();
    expect(await conflictKey(offerHelp({ ctx: await as("vogVolunteer"), input: { id } }))).toBe("helpRequest.errors.alreadyOffered");
    await expect(offerHelp({ ctx: await as("farVolunteer"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    expect(await conflictKey(offerHelp({ ctx: await as("resident"), input: { id } }))).toBe("helpRequest.errors.notVolunteer");
    const vogOnly = await newRequest({ requiresVog: "on" });
    await setStatus(vogOnly, "open");
    // Without the VOG it needs, or filled by someone else: not a request they could be asked for, so "not found".
    await expect(offerHelp({ ctx: await as("volunteerA"), input: { id: vogOnly } })).rejects.toBeInstanceOf(NotFound);
    await setStatus(vogOnly, "matched", ids.vogVolunteer);
    await expect(offerHelp({ ctx: await as("volunteerB"), input: { id: vogOnly } })).rejects.toBeInstanceOf(NotFound);
    // The offering volunteer sees the request as asked/offering: no care details.
    const view = await viewHelpRequest({ ctx: await as("vogVolunteer"), input: { id } });
    expect(view).toMatchObject({ relation: "asked-volunteer", address: null, invite: { status: "offered" }, canAnswer: false });
  });
});

describe("a volunteer opens a request by its number only under the /requests/open rule", () => {
  test("out of range, without a required VOG, paused, or with every wanted time past: 404; one that fits sees it and may offer", async () => {
    const paused = await database.write(async (tx) => {
      const user = await createUser(tx, { neighbourhoodId: ids.north, name: "Pien Pauze" });
      await createVolunteerProfile(tx, { userId: user.id, travelRange: "municipality", vogStatus: "valid", vogValidUntil: "2027-12-31", pausedUntil: "2026-12-31" });
      return user.id;
    });
    const plain = await newRequest({ publicText: "Gewoon in Noord." });
    const vog = await newRequest({ publicText: "Met VOG in Noord.", requiresVog: "on" });
    for (const id of [plain, vog]) await setStatus(id, "open");
    const view = async (who: Who | number, id: number) =>
      viewHelpRequest({ ctx: await (typeof who === "number" ? ctxAs(database, who, { now: () => now }) : as(who)), input: { id } });

    // Fits: in range, no VOG needed, not paused.
    expect(await view("volunteerA", plain)).toMatchObject({ relation: "volunteer", canOffer: true, address: null });
    // Out of range (own neighbourhood only, lives in Oost).
    await expect(view("farVolunteer", plain)).rejects.toBeInstanceOf(NotFound);
    // Without the VOG the request needs; with it (adjacent range from Zuid) it fits.
    await expect(view("volunteerA", vog)).rejects.toBeInstanceOf(NotFound);
    expect(await view("vogVolunteer", vog)).toMatchObject({ relation: "volunteer", canOffer: true });
    // Paused: in range and with a VOG, but not to be asked now.
    await expect(view(paused, plain)).rejects.toBeInstanceOf(NotFound);
    expect((await listOpenRequestsNearMe({ ctx: await ctxAs(database, paused, { now: () => now }) })).paused).toBe(true);
    // Every wanted time has passed: not open to anyone any more.
    await expect(viewHelpRequest({ ctx: await as("volunteerA", Date.UTC(2026, 11, 2)), input: { id: plain } })).rejects.toBeInstanceOf(NotFound);

    // The page and /requests/open apply one rule: what a volunteer may open is what the list shows.
    for (const who of ["volunteerA", "volunteerB", "vogVolunteer", "farVolunteer"] as const) {
      const listed = (await listOpenRequestsNearMe({ ctx: await as(who) })).requests.map((r) => r.id);
      for (const id of [plain, vog]) {
        const opens = await view(who, id).then(
          () => true,
          () => false,
        );
        expect([who, id, opens]).toEqual([who, id, listed.includes(id)]);
      }
    }

    // Asked (or matched) volunteers keep seeing it, whatever the rule says.
    await setStatus(vog, "asked");
    await invite(vog, "farVolunteer");
    expect(await view("farVolunteer", vog)).toMatchObject({ relation: "asked-volunteer", canOffer: false });
  });
});
