import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { careRecipient, consent, emailOutbox, helpRequest, helpRequestWindow, user } from "#db/schema";
import { Conflict, NotFound } from "~/domain/errors";
import { exportMyData } from "~/domain/accounts";
import { CARE_DETAILS_CONSENT_VERSION, helpRequestEditSchema, intakeSchema } from "~/domain/help/request-schemas";
import {
  getCareConsent,
  getHelpRequestForEdit,
  registerIntakeRequest,
  updateHelpRequest,
  viewHelpRequest,
  withdrawCareConsent,
} from "~/domain/help";
import { renderEmail } from "#emails/render";
import { createResendMock, RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL } from "#tests/mocks/resend";
import { defaultTestKeys } from "#tests/support/ctx";
import { createMemoryLogger } from "#tests/support/logger";
import { createResendTransport } from "~/server/email-transport.server";
import { createOutboxWorker } from "~/server/outbox-worker.server";
import { as, baseFields, database, ids, newRequest, now, setStatus, setUpHelpRequestsWorld, valid, type Who } from "./help-requests-world";

// Withdrawing care-details consent (issue 14) against a real database: the care details go, the
// public part stays, the helper and the coordinators are told without details, only the person
// (or a coordinator for an intake person) may do it, care details entered again need a new
// consent, and the consent history in "download my data".

setUpHelpRequestsWorld();

const later = now + 60 * 60 * 1000;
const PRIVATE = "Hij heeft dementie en vergeet de sleutel.";
const NOTES = "Houdt van koffie met suiker.";

async function requestWithCare() {
  const id = await newRequest({
    privateText: PRIVATE,
    careConsent: "on",
    forWhom: "new",
    recipientFirstName: "Henk",
    recipientNeighbourhoodId: String(ids.north),
    recipientNotes: NOTES,
  });
  return (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
}
const rowOf = async (id: number) => (await database.db.query.helpRequest.findFirst({ where: eq(helpRequest.id, id) }))!;
const consentOf = async (id: number) => (await database.db.query.consent.findFirst({ where: eq(consent.id, id) }))!;
const mailsOf = (consentId: number) =>
  database.db
    .select()
    .from(emailOutbox)
    .where(like(emailOutbox.idempotencyKey, `care-consent-withdrawn/${consentId}/%`))
    .orderBy(asc(emailOutbox.id));
const withdraw = async (who: Who, requestId: number) => withdrawCareConsent({ ctx: await as(who, later), input: { requestId } });

describe("withdrawing care-details consent", () => {
  test("by the requester: private text, address and notes go; kind, public text, windows and status stay", async () => {
    const before = await requestWithCare();
    await setStatus(before.id, "matched", ids.volunteerA);
    const windowsBefore = await database.db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, before.id));
    await withdraw("carer", before.id);

    const after = await rowOf(before.id);
    expect(after).toMatchObject({
      privateText: "",
      address: "",
      contactPhone: null,
      contactEmail: null,
      kind: before.kind,
      publicText: before.publicText,
      status: "matched",
      neighbourhoodId: before.neighbourhoodId,
      careConsentId: before.careConsentId,
      updatedAt: later,
    });
    expect(await database.db.select().from(helpRequestWindow).where(eq(helpRequestWindow.requestId, before.id))).toEqual(windowsBefore);
    const recipient = await database.db.query.careRecipient.findFirst({ where: eq(careRecipient.id, before.careRecipientId!) });
    expect(recipient).toMatchObject({ firstName: "Henk", notesForHelpers: "" });
    expect(await consentOf(before.careConsentId!)).toMatchObject({ userId: ids.carer, withdrawnAt: later, withdrawnById: ids.carer });

    // The page section says so, and offers nothing more to withdraw.
    const section = await getCareConsent({ ctx: await as("carer", later), input: { requestId: before.id, onBehalf: false } });
    expect(section).toMatchObject({ onBehalf: false, canWithdraw: false, consent: { version: CARE_DETAILS_CONSENT_VERSION } });
    expect(section?.consent?.withdrawnAt).toBeTruthy();
    // A second withdrawal is a clear conflict, not a 500.
    await expect(withdraw("carer", before.id)).rejects.toBeInstanceOf(Conflict);
  });

  test("the helper of the match and the neighbourhood's coordinator are told by mail, without any care detail", async () => {
    const request = await requestWithCare();
    await setStatus(request.id, "matched", ids.volunteerA);
    // Before: the helper sees the requester's phone with the care details; after: not even that.
    const helperView = async () => viewHelpRequest({ ctx: await as("volunteerA", later), input: { id: request.id } });
    expect((await helperView()).phone).toBeTruthy();
    await withdraw("carer", request.id);
    expect(await helperView()).toMatchObject({ phone: null, privateText: "", address: "" });
    const mails = await mailsOf(request.careConsentId!);
    expect(mails.map((m) => [m.userId, (m.props as { audience: string }).audience])).toEqual([
      [ids.volunteerA, "helper"],
      [ids.coordNorth, "coordinator"],
    ]);
    for (const mail of mails) {
      expect(mail.template).toBe("care-consent-withdrawn");
      for (const locale of ["nl", "en"] as const) {
        const rendered = await renderEmail({ template: mail.template, locale, timeZone: mail.timeZone, props: mail.props, secrets: {} });
        const everything = JSON.stringify(mail.props) + rendered.subject + rendered.html + rendered.text;
        for (const detail of [PRIVATE, "dementie", "Dorpsstraat", NOTES, "Henk", "Carla", "06-12345678"])
          expect(everything).not.toContain(detail);
        expect(rendered.html).toContain(`/requests/${request.id}`);
      }
    }
    expect(mails[0]!.props).toMatchObject({ url: `http://localhost:3000/requests/${request.id}`, kind: "respite" });
    expect(mails[1]!.props).toMatchObject({ url: `http://localhost:3000/coordinator/requests/${request.id}` });
  });

  test("without an active match only the coordinator is told", async () => {
    const request = await requestWithCare();
    await setStatus(request.id, "completed", ids.volunteerA);
    await withdraw("carer", request.id);
    expect((await mailsOf(request.careConsentId!)).map((m) => m.userId)).toEqual([ids.coordNorth]);
  });

  test.each<Who>(["resident", "volunteerA", "coordSouth"])("%s gets not-found, and nothing changes", async (who) => {
    const request = await requestWithCare();
    await setStatus(request.id, "matched", ids.volunteerA);
    await expect(withdraw(who, request.id)).rejects.toBeInstanceOf(NotFound);
    expect(await rowOf(request.id)).toMatchObject({ privateText: PRIVATE, address: "Dorpsstraat 12" });
    expect((await consentOf(request.careConsentId!)).withdrawnAt).toBeNull();
    expect(await getCareConsent({ ctx: await as(who), input: { requestId: request.id, onBehalf: false } })).toBeNull();
  });

  test("the neighbourhood's coordinator may not withdraw for a resident with an account (only for intake)", async () => {
    const request = await requestWithCare();
    await expect(withdraw("coordNorth", request.id)).rejects.toBeInstanceOf(NotFound);
    await expect(withdrawCareConsent({ ctx: await as("carer"), input: { requestId: 999_999 } })).rejects.toBeInstanceOf(NotFound);
  });

  test("a request without care consent has nothing to withdraw", async () => {
    const id = await newRequest();
    await expect(withdraw("carer", id)).rejects.toBeInstanceOf(Conflict);
  });
});

describe("intake: consent recorded for the person, withdrawn by a coordinator on their behalf", () => {
  const intakeFields = () => ({
    ...baseFields(),
    contactName: "Mevrouw Jansen",
    contactPhone: "0541 123456",
    contactEmail: "jansen@example.org",
    privateText: "Loopt met rollator.",
    careConsent: "on",
  });

  test("the consent is the person's (no account) with the coordinator as who recorded it; not in the coordinator's own data", async () => {
    const { id } = await registerIntakeRequest({ ctx: await as("coordNorth"), input: valid(intakeSchema, intakeFields()) });
    const row = await rowOf(id);
    expect(await consentOf(row.careConsentId!)).toMatchObject({
      userId: null,
      recordedById: ids.coordNorth,
      purpose: "care-details",
      version: CARE_DETAILS_CONSENT_VERSION,
      withdrawnAt: null,
    });
    const mine = await exportMyData({ ctx: await as("coordNorth") });
    expect(mine.consents.filter((c) => c.purpose === "care-details")).toEqual([]);
    // The requester's page section is not the coordinator's; the coordinator's page shows it on behalf.
    expect(await getCareConsent({ ctx: await as("coordNorth"), input: { requestId: id, onBehalf: false } })).toBeNull();
    expect(await getCareConsent({ ctx: await as("coordNorth"), input: { requestId: id, onBehalf: true } })).toMatchObject({
      onBehalf: true,
      canWithdraw: true,
    });
  });

  test("the coordinator withdraws: details go, the contact name stays, the other coordinators are told, others get not-found", async () => {
    const { id } = await registerIntakeRequest({ ctx: await as("coordNorth"), input: valid(intakeSchema, intakeFields()) });
    const consentId = (await rowOf(id)).careConsentId!;
    for (const who of ["coordSouth", "carer", "volunteerA"] as const) await expect(withdraw(who, id)).rejects.toBeInstanceOf(NotFound);
    await withdraw("admin", id);
    expect(await rowOf(id)).toMatchObject({
      privateText: "",
      address: "",
      contactPhone: null,
      contactEmail: null,
      contactName: "Mevrouw Jansen",
      requesterId: null,
    });
    expect(await consentOf(consentId)).toMatchObject({ withdrawnAt: later, withdrawnById: ids.admin, recordedById: ids.coordNorth });
    const mails = await mailsOf(consentId);
    expect(mails.map((m) => m.userId)).toEqual([ids.coordNorth]);
    expect(JSON.stringify(mails[0]!.props)).not.toContain("Jansen");
    expect(JSON.stringify(mails[0]!.props)).not.toContain("rollator");
  });

  test("the acting coordinator is not mailed about their own withdrawal", async () => {
    const { id } = await registerIntakeRequest({ ctx: await as("coordNorth"), input: valid(intakeSchema, intakeFields()) });
    const consentId = (await rowOf(id)).careConsentId!;
    await withdraw("coordNorth", id);
    expect(await consentOf(consentId)).toMatchObject({ withdrawnById: ids.coordNorth });
    expect(await mailsOf(consentId)).toEqual([]);
  });
});

describe("after withdrawal", () => {
  test("care details entered again are recorded under a new consent; the withdrawn one stays withdrawn", async () => {
    const request = await requestWithCare();
    await withdraw("carer", request.id);
    const edit = await getHelpRequestForEdit({ ctx: await as("carer", later), input: { id: request.id } });
    expect(edit.values).toMatchObject({ careConsent: false, privateText: "", address: "" });

    const fields = { ...baseFields(), address: "Dorpsstraat 14" };
    // Without care details, no new consent.
    await updateHelpRequest({ ctx: await as("carer", later), input: { ...valid(helpRequestEditSchema, fields), id: request.id } });
    expect((await rowOf(request.id)).careConsentId).toBe(request.careConsentId);

    const again = now + 2 * 60 * 60 * 1000;
    await updateHelpRequest({
      ctx: await as("carer", again),
      input: { ...valid(helpRequestEditSchema, { ...fields, privateText: "Nieuwe zorgtekst.", careConsent: "on" }), id: request.id },
    });
    const row = await rowOf(request.id);
    expect(row.careConsentId).not.toBe(request.careConsentId);
    expect(row.privateText).toBe("Nieuwe zorgtekst.");
    expect(await consentOf(row.careConsentId!)).toMatchObject({ userId: ids.carer, givenAt: again, withdrawnAt: null });
    expect((await consentOf(request.careConsentId!)).withdrawnAt).toBe(later);
    // Editing again keeps the (now active) new consent.
    await updateHelpRequest({
      ctx: await as("carer", again),
      input: { ...valid(helpRequestEditSchema, { ...fields, privateText: "Nog eens.", careConsent: "on" }), id: request.id },
    });
    expect((await rowOf(request.id)).careConsentId).toBe(row.careConsentId);
  });

  test("the consent history in 'download my data' shows given and withdrawn, by whom as a role", async () => {
    const request = await requestWithCare();
    await withdraw("carer", request.id);
    const data = await exportMyData({ ctx: await as("carer", later) });
    const careConsents = data.consents.filter((c) => c.purpose === "care-details");
    const withdrawn = careConsents.filter((c) => c.withdrawnAt !== null);
    expect(withdrawn.length).toBeGreaterThanOrEqual(1);
    expect(withdrawn.at(-1)).toEqual({
      purpose: "care-details",
      version: CARE_DETAILS_CONSENT_VERSION,
      givenAt: "2026-11-28T11:00:00+01:00",
      recordedBy: "self",
      withdrawnAt: "2026-11-28T12:00:00+01:00",
      withdrawnBy: "self",
    });
    // Nothing that names another person.
    expect(JSON.stringify(data.consents)).not.toMatch(/Coördinator|Vera|Noord|@/);
    expect(
      await database.db
        .select()
        .from(consent)
        .where(and(eq(consent.userId, ids.carer), eq(consent.purpose, "care-details"))),
    ).toHaveLength(careConsents.length);
  });
});

describe("the mail, sent by the outbox worker through Resend", () => {
  const mock = createResendMock();
  beforeAll(() =>
    mock.server.listen({
      // Loopback is the libSQL server when the suite runs against sqld (TEST_DATABASE=sqld).
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== "127.0.0.1") print.error();
      },
    }),
  );
  afterAll(() => mock.server.close());

  test("reaches the helper in English and the coordinator in Dutch, with a link and no care detail", async () => {
    await database.write((tx) => tx.update(user).set({ locale: "en" }).where(eq(user.id, ids.volunteerB)));
    const request = await requestWithCare();
    await setStatus(request.id, "matched", ids.volunteerB);
    await withdraw("carer", request.id);
    const worker = createOutboxWorker({
      database,
      transport: createResendTransport(RESEND_TEST_API_KEY, RESEND_TEST_BASE_URL),
      keys: defaultTestKeys,
      logger: createMemoryLogger(),
      from: "Noaber <noreply@noaber.test>",
      now: () => later,
    });
    for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce());
    const sent = mock.sent.filter((m) => m.idempotencyKey.startsWith(`care-consent-withdrawn/${request.careConsentId}/`));
    const helper = (await database.db.query.user.findFirst({ where: eq(user.id, ids.volunteerB) }))!;
    const coordinator = (await database.db.query.user.findFirst({ where: eq(user.id, ids.coordNorth) }))!;
    const toHelper = sent.find((m) => m.to.includes(helper.email))!;
    const toCoordinator = sent.find((m) => m.to.includes(coordinator.email))!;
    expect(sent).toHaveLength(2);
    expect(toHelper.subject).toBe("Care details have been removed");
    expect(toHelper.text).toContain("consent for care details has been withdrawn");
    expect(toHelper.html).toContain(`http://localhost:3000/requests/${request.id}`);
    expect(toCoordinator.subject).toBe("Gegevens over zorg zijn gewist");
    expect(toCoordinator.html).toContain(`http://localhost:3000/coordinator/requests/${request.id}`);
    for (const mail of sent)
      for (const detail of [PRIVATE, "Dorpsstraat", NOTES, "Henk", "Carla"]) {
        expect(mail.html).not.toContain(detail);
        expect(mail.text).not.toContain(detail);
      }
  });
});
