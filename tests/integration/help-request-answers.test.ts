import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { emailOutbox, helpInvite, helpRequest, helpRequestEvent } from "#db/schema";
import { Conflict, NotFound } from "~/domain/errors";
import { acceptInvite, declineInvite, listOpenRequestsNearMe, offerHelp, viewHelpRequest } from "~/domain/help";
import { createUser, createVolunteerProfile } from "~/demo/builders";
import { ctxAs } from "#tests/support/ctx";
import {
  type Who,
  as,
  conflictKey,
  database,
  ids,
  invite,
  inviteOf,
  logsOf,
  newRequest,
  now,
  setStatus,
  setUpHelpRequestsWorld,
  statusOf,
} from "./help-requests-world";

// Help requests against a real database, after asking: the request page per relation with the
// access log, accepting and declining (also two at once), open requests near me, offers.

setUpHelpRequestsWorld();

describe("the request page: fields per relation, and the access log", () => {
  test("each relation sees its fields; care reads by others are logged with the fields; the requester sees who looked", async () => {
    const id = await newRequest({ privateText: "Sleutel ligt bij de buren.", careConsent: "on" });
    const requester = await viewHelpRequest({ ctx: await as("carer"), input: { id } });
    expect(requester).toMatchObject({
      relation: "requester",
      address: "Dorpsstraat 12",
      phone: "06-12345678",
      requesterName: "Carla Zorg",
      privateText: "Sleutel ligt bij de buren.",
    });
    expect(await logsOf(id)).toEqual([]);

    // Submitted: volunteers and other residents see nothing (not even that it exists).
    await expect(viewHelpRequest({ ctx: await as("volunteerA"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    await expect(viewHelpRequest({ ctx: await as("resident"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    await expect(viewHelpRequest({ ctx: await as("coordSouth"), input: { id } })).rejects.toBeInstanceOf(NotFound);
    await expect(viewHelpRequest({ ctx: await as(null), input: { id } })).rejects.toBeInstanceOf(NotFound);

    const coordinator = await viewHelpRequest({ ctx: await as("coordNorth"), input: { id } });
    expect(coordinator).toMatchObject({ relation: "coordinator", address: "Dorpsstraat 12", privateText: "Sleutel ligt bij de buren." });
    expect((await logsOf(id)).map((l) => [l.viewerId, l.fields, l.purpose])).toEqual([
      [ids.coordNorth, ["address", "phone", "privateText", "notesForHelpers", "intakeContact"], "view"],
    ]);

    await setStatus(id, "open");
    const volunteer = await viewHelpRequest({ ctx: await as("volunteerA"), input: { id } });
    expect(volunteer).toMatchObject({
      relation: "volunteer",
      address: null,
      phone: null,
      privateText: null,
      requesterName: null,
      status: null,
      canOffer: true,
    });
    expect(volunteer.publicText).toContain("gezelschap");
    expect(volunteer.windows).toHaveLength(1);

    await setStatus(id, "asked");
    await invite(id, "volunteerA");
    const asked = await viewHelpRequest({ ctx: await as("volunteerA"), input: { id } });
    expect(asked).toMatchObject({ relation: "asked-volunteer", address: null, privateText: null, status: "asked", canAnswer: true });
    expect(await logsOf(id)).toHaveLength(1);

    await acceptInvite({ ctx: await as("volunteerA"), input: { id } });
    const accepted = await viewHelpRequest({ ctx: await as("volunteerA"), input: { id } });
    expect(accepted).toMatchObject({
      relation: "accepted-volunteer",
      address: "Dorpsstraat 12",
      phone: "06-12345678",
      requesterName: "Carla Zorg",
      privateText: "Sleutel ligt bij de buren.",
    });
    expect((await logsOf(id)).at(-1)).toMatchObject({
      viewerId: ids.volunteerA,
      fields: ["address", "phone", "privateText", "notesForHelpers"],
      purpose: "view",
    });

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
    const [a, b] = await Promise.allSettled([
      acceptInvite({ ctx: await as("volunteerA"), input: { id } }),
      acceptInvite({ ctx: await as("volunteerB"), input: { id } }),
    ]);
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
    const mail = await database.db.query.emailOutbox.findFirst({
      where: eq(emailOutbox.idempotencyKey, `help-offer/${offered!.id}/${ids.coordSouth}`),
    });
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
      await createVolunteerProfile(tx, {
        userId: user.id,
        travelRange: "municipality",
        vogStatus: "valid",
        vogValidUntil: "2027-12-31",
        pausedUntil: "2026-12-31",
      });
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
    await expect(viewHelpRequest({ ctx: await as("volunteerA", Date.UTC(2026, 11, 2)), input: { id: plain } })).rejects.toBeInstanceOf(
      NotFound,
    );

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
