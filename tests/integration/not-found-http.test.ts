import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  addHelpWindows,
  addMember,
  createActivity,
  createFacility,
  createHelpRequest,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
  createVolunteerProfile,
  grantCoordinator,
} from "~/demo/builders";
import { signedInClient } from "#tests/support/http";
import { startTestServer, type TestServer } from "#tests/support/server";

// Not visible means not found (decision 028): someone who may not see or act on a record gets
// exactly the response of a record that does not exist — the same status and the same body, as a
// page and as single-fetch data — so probing ids tells nothing. The only thing allowed to differ
// is the per-response CSP nonce.

let server: TestServer;
const t = Date.UTC(2026, 10, 28, 9, 0); // Saturday 28 November 2026
const MISSING = 99_999_999;
type Who = "carer" | "resident" | "fits" | "far" | "paused" | "coordNorth" | "coordSouth" | "orgAdmin" | "otherOrgAdmin";
const ids = {} as Record<Who | "north" | "south" | "east" | "plain" | "vog" | "activity" | "facility", number>;

beforeAll(async () => {
  server = await startTestServer({ now: () => t });
  await server.database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    ids.east = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Oost" })).id;
    const user = async (who: Who, neighbourhoodId: number) =>
      (ids[who] = (await createUser(tx, { neighbourhoodId, name: `Naam ${who}` })).id);
    await user("carer", ids.north);
    await user("resident", ids.north);
    // A volunteer who fits (own neighbourhood, no VOG), one out of range, one paused (with a VOG).
    await createVolunteerProfile(tx, { userId: await user("fits", ids.north), travelRange: "own" });
    await createVolunteerProfile(tx, {
      userId: await user("far", ids.east),
      travelRange: "own",
      vogStatus: "valid",
      vogValidUntil: "2030-01-01",
    });
    await createVolunteerProfile(tx, {
      userId: await user("paused", ids.north),
      travelRange: "municipality",
      vogStatus: "valid",
      vogValidUntil: "2030-01-01",
      pausedUntil: "2026-12-31",
    });
    await grantCoordinator(tx, await user("coordNorth", ids.north), [ids.north]);
    await grantCoordinator(tx, await user("coordSouth", ids.south), [ids.south]);

    for (const [key, requiresVog] of [
      ["plain", false],
      ["vog", true],
    ] as const) {
      const request = await createHelpRequest(tx, {
        neighbourhoodId: ids.north,
        requesterId: ids.carer,
        status: "open",
        requiresVog,
        publicText: `Hulpvraag ${key}`,
      });
      await addHelpWindows(tx, request.id, [{ startsAt: Date.UTC(2026, 11, 2, 9), endsAt: Date.UTC(2026, 11, 2, 11) }]);
      ids[key] = request.id;
    }

    const org = await createOrganisation(tx, { status: "approved" });
    const other = await createOrganisation(tx, { status: "approved" });
    await addMember(tx, org.id, await user("orgAdmin", ids.north), "admin");
    await addMember(tx, other.id, await user("otherOrgAdmin", ids.north), "admin");
    ids.activity = (await createActivity(tx, { organisationId: org.id, neighbourhoodId: ids.north })).id;
    ids.facility = (await createFacility(tx, { municipalityId: town.id, neighbourhoodId: ids.north })).service.id;
  });
});
afterAll(() => server.close());

const clientFor = (who: Who) => signedInClient(server, ids[who], t);

/**
 * What may differ between two responses: the per-response CSP nonce, and the path the person
 * asked for, echoed back (the language switch returns to it). Both are normalised away here.
 */
const normalised = (body: string, askedPath: string) =>
  body
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/"nonce":"[^"]*"/g, '"nonce":""')
    .replace(new RegExp(`${askedPath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(?![0-9])`, "g"), "/ASKED");

async function snapshot(response: Response, askedPath: string) {
  return { status: response.status, type: response.headers.get("content-type"), body: normalised(await response.text(), askedPath) };
}

/** The record's page (and its .data) answers this person exactly as a record that does not exist. */
async function expectSameAsMissing(who: Who, path: (id: number) => string, id: number, init?: { post: Record<string, string> }) {
  const client = await clientFor(who);
  const fetchBoth = async (suffix: string) => {
    const get = (p: string) => (init ? client.post(p, init.post) : client.get(p));
    return [
      await snapshot(await get(`${path(id)}${suffix}`), path(id)),
      await snapshot(await get(`${path(MISSING)}${suffix}`), path(MISSING)),
    ] as const;
  };
  const [hidden, missing] = await fetchBoth("");
  expect(hidden.status, `${who} ${path(id)}`).toBe(404);
  expect(hidden).toEqual(missing);
  if (!init) {
    const [hiddenData, missingData] = await fetchBoth(".data");
    expect(hiddenData.status).toBe(404);
    expect(hiddenData).toEqual(missingData);
  }
}

const pageText = async (response: Response) =>
  (await response.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("help requests: /requests/:id", () => {
  test("a volunteer who fits sees the request with 'I can help'", async () => {
    const response = await (await clientFor("fits")).get(`/requests/${ids.plain}`);
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("Hulpvraag plain");
    expect(text).toContain("Ik kan helpen");
  });

  test("out of range, without a required VOG, paused, or a resident on someone else's request: the page of a missing request", async () => {
    const page = (id: number) => `/requests/${id}`;
    await expectSameAsMissing("far", page, ids.plain);
    await expectSameAsMissing("fits", page, ids.vog);
    await expectSameAsMissing("paused", page, ids.plain);
    expect(await pageText(await (await clientFor("paused")).get("/requests/open"))).toContain("U hebt een pauze ingesteld.");
    await expectSameAsMissing("resident", page, ids.plain);
    await expectSameAsMissing("coordSouth", page, ids.plain);
  });

  test("offering or accepting on a request one may not see answers as for a missing one, and writes nothing", async () => {
    const page = (id: number) => `/requests/${id}`;
    await expectSameAsMissing("far", page, ids.plain, { post: { intent: "offer" } });
    await expectSameAsMissing("fits", page, ids.vog, { post: { intent: "offer" } });
    await expectSameAsMissing("resident", page, ids.plain, { post: { intent: "accept" } });
    await expectSameAsMissing("resident", page, ids.plain, { post: { intent: "decline" } });
    const invites = await server.database.db.query.helpInvite.findMany();
    expect(invites).toEqual([]);
  });
});

describe("records one may not act on", () => {
  test("a coordinator of another neighbourhood on /coordinator/requests/:id", async () => {
    expect((await (await clientFor("coordNorth")).get(`/coordinator/requests/${ids.plain}`)).status).toBe(200);
    await expectSameAsMissing("coordSouth", (id) => `/coordinator/requests/${id}`, ids.plain);
  });

  test("another organisation's admin on /activities/:id/manage", async () => {
    expect((await (await clientFor("orgAdmin")).get(`/activities/${ids.activity}/manage`)).status).toBe(200);
    await expectSameAsMissing("otherOrgAdmin", (id) => `/activities/${id}/manage`, ids.activity);
  });

  test("a coordinator outside the facility's neighbourhood on /facilities/:id/edit", async () => {
    expect((await (await clientFor("coordNorth")).get(`/facilities/${ids.facility}/edit`)).status).toBe(200);
    await expectSameAsMissing("coordSouth", (id) => `/facilities/${id}/edit`, ids.facility);
  });
});
