import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { activity, facilityLocation, facilityOpeningHours, facilityOrganization, facilityService } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { getCooperationOverview, recordCooperation, removeCooperation } from "~/domain/social-map/cooperation.server";
import { Forbidden, NotFound, Unauthenticated } from "~/domain/errors";
import {
  createFacility,
  deleteFacility,
  getFacilityForEdit,
  getFacilityHandOff,
  getFacilityPage,
  listStaleFacilities,
  searchFacilities,
  updateFacility,
  updateFacilityStatus,
  verifyFacility,
} from "~/domain/social-map";
import type { FacilityInput } from "~/domain/social-map/schemas";
import {
  addMember,
  createActivity,
  createCooperation,
  createFacility as createFacilityRow,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createUser,
  grantAdmin,
  grantCoordinator,
} from "~/demo/builders";
import { createTestDatabase, type TestDatabase } from "#tests/support/database";
import { ctxAs } from "#tests/support/ctx";
import { fieldErrors } from "#tests/support/errors";

let database: TestDatabase;
// Monday 2 November 2026, 10:30 in Amsterdam (09:30 UTC, winter time).
const now = Date.UTC(2026, 10, 2, 9, 30);
const DAY = 86_400_000;
const clock = () => now;

const ids = {} as Record<
  | "town"
  | "area"
  | "otherArea"
  | "admin"
  | "coordinator"
  | "otherCoordinator"
  | "resident"
  | "member"
  | "org"
  | "open"
  | "waiting"
  | "stale"
  | "elsewhere"
  | "arabic",
  number
>;
let areaSlug = "";
let otherSlug = "";
let postcodeArea = "";
let otherPostcodeArea = "";

const as = (userId: number | null): Promise<Ctx> => ctxAs(database, userId, { now: clock });

beforeAll(async () => {
  database = await createTestDatabase();
  await database.write(async (tx) => {
    const town = await createMunicipality(tx, { timeZone: "Europe/Amsterdam" });
    ids.town = town.id;
    const area = await createNeighbourhood(tx, { municipalityId: town.id });
    const other = await createNeighbourhood(tx, { municipalityId: town.id });
    ids.area = area.id;
    ids.otherArea = other.id;
    areaSlug = area.slug;
    otherSlug = other.slug;
    postcodeArea = area.postcodes[0]!;
    otherPostcodeArea = other.postcodes[0]!;
    const person = async (neighbourhoodId = area.id) => (await createUser(tx, { neighbourhoodId })).id;
    ids.admin = await person();
    await grantAdmin(tx, ids.admin);
    ids.coordinator = await person();
    await grantCoordinator(tx, ids.coordinator, [area.id]);
    ids.otherCoordinator = await person(other.id);
    await grantCoordinator(tx, ids.otherCoordinator, [other.id]);
    ids.resident = await person();
    ids.member = await person();
    ids.org = (await createOrganisation(tx, { name: "Buurthuis Zon" })).id;
    await addMember(tx, ids.org, ids.member);

    const monday = [{ weekday: 1, opensAt: "09:00", closesAt: "12:00" }];
    ids.open = (
      await createFacilityRow(tx, {
        municipalityId: town.id,
        neighbourhoodId: area.id,
        postcodeArea,
        organization: { name: "Buurthuis Zon", organisationId: ids.org },
        service: {
          name: "Koffie-inloop Zon",
          category: "culture",
          targetGroups: ["everyone"],
          languages: ["nl"],
          verifiedAt: now - 10 * DAY,
        },
        hours: monday,
      })
    ).service.id;
    ids.waiting = (
      await createFacilityRow(tx, {
        municipalityId: town.id,
        neighbourhoodId: area.id,
        postcodeArea,
        service: {
          name: "Jeugdhulp Noord",
          category: "youth-care",
          targetGroups: ["youth"],
          access: "waiting-list",
          waitingWeeks: 6,
          capacityStatus: "full",
          verifiedAt: now - 20 * DAY,
        },
        hours: [{ weekday: 2, opensAt: "09:00", closesAt: "17:00" }],
      })
    ).service.id;
    ids.stale = (
      await createFacilityRow(tx, {
        municipalityId: town.id,
        neighbourhoodId: area.id,
        postcodeArea,
        service: {
          name: "Schuldhulp Oud",
          category: "debt-income",
          targetGroups: ["low-income"],
          waitingWeeks: 2,
          verifiedAt: now - 200 * DAY,
        },
      })
    ).service.id;
    ids.elsewhere = (
      await createFacilityRow(tx, {
        municipalityId: town.id,
        neighbourhoodId: other.id,
        postcodeArea: otherPostcodeArea,
        service: {
          name: "Taalcafé Elders",
          category: "language-integration",
          targetGroups: ["newcomers"],
          languages: ["nl", "ar"],
          verifiedAt: now - 300 * DAY,
        },
        hours: monday,
      })
    ).service.id;
    ids.arabic = (
      await createFacilityRow(tx, {
        municipalityId: town.id,
        neighbourhoodId: other.id,
        postcodeArea: otherPostcodeArea,
        service: {
          name: "Opvoedsteun Oost",
          category: "parenting-support",
          targetGroups: ["youth"],
          languages: ["ar"],
          waitingWeeks: 0,
          verifiedAt: now,
        },
        hours: [{ weekday: 1, opensAt: "13:00", closesAt: "17:00" }],
      })
    ).service.id;
  });
});

afterAll(async () => {
  await database.cleanup();
});

function validInput(
  overrides: { location?: Partial<FacilityInput["location"]>; service?: Partial<FacilityInput["service"]>; hours?: unknown } = {},
): FacilityInput {
  return {
    organization: { name: "Stichting Test", description: "", email: "info@test.example.org" },
    location: {
      name: "Wijkcentrum",
      address: "Lindelaan 4",
      postcode: `${postcodeArea}XY`,
      city: "Hoflanden",
      latitude: 52.2,
      longitude: 6.9,
      accessibility: ["wheelchair"],
      accessibilityNote: "",
      ...overrides.location,
    },
    service: {
      name: "Nieuwe voorziening",
      category: "health",
      description: "Uitleg",
      targetGroups: ["everyone"],
      eligibility: "",
      access: "walk-in",
      cost: "",
      free: true,
      languages: ["nl"],
      capacityStatus: "open",
      waitingWeeks: 0,
      ...overrides.service,
    },
    hours: (overrides.hours ?? [{ weekday: 3, opensAt: "09:00", closesAt: "12:00" }]) as FacilityInput["hours"],
  };
}

describe("creating and validating", () => {
  test("a coordinator creates a facility in their neighbourhood; it is verified now", async () => {
    const { id } = await createFacility({ ctx: await as(ids.coordinator), input: validInput() });
    const page = await getFacilityPage({ ctx: await as(null), input: { id } });
    expect(page.service).toMatchObject({ name: "Nieuwe voorziening", verifiedAt: now, free: true, waitingWeeks: 0 });
    expect(page.location).toMatchObject({ neighbourhoodId: ids.area, postcode: `${postcodeArea}XY`, accessibility: ["wheelchair"] });
    expect(page.organization.municipalityId).toBe(ids.town);
    expect(page.hours).toEqual([{ weekday: 3, opensAt: "09:00", closesAt: "12:00" }]);
    expect(page.stale).toBe(false);
  });

  test("field errors: invalid postcode, overlapping hours, closing before opening, negative waiting time, bad URL and email", async () => {
    const ctx = await as(ids.coordinator);
    const errors = await fieldErrors(
      createFacility({
        ctx,
        input: {
          ...validInput({
            location: { postcode: "123" },
            service: { waitingWeeks: -2, url: "not a url", email: "geen-mail" } as never,
            hours: [
              { weekday: 1, opensAt: "09:00", closesAt: "12:00" },
              { weekday: 1, opensAt: "11:00", closesAt: "13:00" },
              { weekday: 2, opensAt: "15:00", closesAt: "14:00" },
            ],
          }),
        },
      }),
    );
    expect(errors).toMatchObject({
      "location.postcode": ["errors.postcode.format"],
      "service.waitingWeeks": ["socialMap.errors.waitingNegative"],
      "service.url": ["socialMap.errors.urlInvalid"],
      "service.email": ["errors.email.invalid"],
      "hours[1].opensAt": ["socialMap.errors.hoursOverlap"],
      "hours[2].closesAt": ["socialMap.errors.closesBeforeOpens"],
    });
  });

  test("a postcode outside the municipality, or in a neighbourhood the coordinator does not keep, is refused on the field", async () => {
    expect(
      await fieldErrors(createFacility({ ctx: await as(ids.coordinator), input: validInput({ location: { postcode: "9999ZZ" } }) })),
    ).toEqual({
      "location.postcode": ["errors.postcode.outsideMunicipality"],
    });
    expect(
      await fieldErrors(
        createFacility({ ctx: await as(ids.coordinator), input: validInput({ location: { postcode: `${otherPostcodeArea}AB` } }) }),
      ),
    ).toEqual({
      "location.postcode": ["socialMap.errors.postcodeNotYours"],
    });
  });

  test("residents, members and visitors cannot create facilities", async () => {
    await expect(createFacility({ ctx: await as(ids.resident), input: validInput() })).rejects.toBeInstanceOf(Forbidden);
    await expect(createFacility({ ctx: await as(ids.member), input: validInput() })).rejects.toBeInstanceOf(Forbidden);
    await expect(createFacility({ ctx: await as(null), input: validInput() })).rejects.toBeInstanceOf(Unauthenticated);
  });
});

describe("search (/map)", () => {
  const names = async (input: Record<string, unknown>) => (await searchFacilities({ ctx: await as(null), input })).items.map((i) => i.name);

  test("text matches service, organisation and location names, case-insensitively", async () => {
    expect(await names({ q: "koffie" })).toEqual(["Koffie-inloop Zon"]);
    expect(await names({ q: "BUURTHUIS" })).toEqual(["Koffie-inloop Zon"]);
  });

  test("category and neighbourhood", async () => {
    expect(await names({ category: "youth-care" })).toEqual(["Jeugdhulp Noord"]);
    expect(await names({ neighbourhood: otherSlug })).toEqual(["Opvoedsteun Oost", "Taalcafé Elders"]);
    expect(await names({ neighbourhood: areaSlug, category: "language-integration" })).toEqual([]);
  });

  test("target group: services for everyone count for every group", async () => {
    const youth = await names({ targetGroup: "youth" });
    expect(youth).toEqual(expect.arrayContaining(["Jeugdhulp Noord", "Opvoedsteun Oost", "Koffie-inloop Zon"]));
    expect(youth).not.toContain("Taalcafé Elders");
  });

  test("language", async () => {
    expect(await names({ language: "ar" })).toEqual(["Opvoedsteun Oost", "Taalcafé Elders"]);
  });

  test("open now uses the municipality's local clock (Monday 10:30 in Amsterdam)", async () => {
    expect(await names({ openNow: true })).toEqual(["Koffie-inloop Zon", "Taalcafé Elders"]);
    const result = await searchFacilities({ ctx: await as(null), input: { q: "Opvoedsteun" } });
    expect(result.items[0]).toMatchObject({ open: false, hasHours: true });
  });

  test("no waiting list excludes waiting-list access and any waiting time", async () => {
    const list = await names({ noWaitingList: true });
    expect(list).toEqual(expect.arrayContaining(["Koffie-inloop Zon", "Opvoedsteun Oost", "Taalcafé Elders"]));
    expect(list).not.toContain("Jeugdhulp Noord");
    expect(list).not.toContain("Schuldhulp Oud");
  });

  test("keyset paging by name goes through everything once", async () => {
    await database.write(async (tx) => {
      for (let i = 0; i < 55; i++) {
        await createFacilityRow(tx, {
          municipalityId: ids.town,
          neighbourhoodId: ids.area,
          postcodeArea,
          service: { name: `Zzz paging ${String(i).padStart(2, "0")}`, category: "housing", verifiedAt: now },
        });
      }
    });
    const first = await searchFacilities({ ctx: await as(null), input: { category: "housing" } });
    expect(first.total).toBe(55);
    expect(first.items).toHaveLength(50);
    expect(first.nextAfter).not.toBeNull();
    const second = await searchFacilities({ ctx: await as(null), input: { category: "housing", after: first.nextAfter! } });
    expect(second.items.map((i) => i.name)).toEqual(["Zzz paging 50", "Zzz paging 51", "Zzz paging 52", "Zzz paging 53", "Zzz paging 54"]);
    expect(second.nextAfter).toBeNull();
  });

  test("stale entries are marked in the results", async () => {
    const [item] = (await searchFacilities({ ctx: await as(null), input: { q: "Schuldhulp Oud" } })).items;
    expect(item).toMatchObject({ stale: true });
  });
});

describe("stale list", () => {
  test("a coordinator sees the stale entries of their own neighbourhoods, an admin all, oldest first", async () => {
    expect((await listStaleFacilities({ ctx: await as(ids.coordinator) })).map((f) => f.id)).toEqual([ids.stale]);
    expect((await listStaleFacilities({ ctx: await as(ids.otherCoordinator) })).map((f) => f.id)).toEqual([ids.elsewhere]);
    expect((await listStaleFacilities({ ctx: await as(ids.admin) })).map((f) => f.id)).toEqual([ids.elsewhere, ids.stale]);
    await expect(listStaleFacilities({ ctx: await as(ids.resident) })).rejects.toBeInstanceOf(Forbidden);
  });

  test("'still correct' takes an entry off the list", async () => {
    const ctx = await as(ids.otherCoordinator);
    await verifyFacility({ ctx, input: { id: ids.elsewhere } });
    expect(await listStaleFacilities({ ctx })).toEqual([]);
    const [row] = await database.db.select().from(facilityService).where(eq(facilityService.id, ids.elsewhere));
    expect(row).toMatchObject({ verifiedAt: now, verifiedById: ids.otherCoordinator });
  });
});

describe("who may edit", () => {
  test("the coordinator of the location's neighbourhood and admins may edit; a coordinator elsewhere may not", async () => {
    await updateFacility({
      ctx: await as(ids.coordinator),
      input: { ...validInput({ service: { name: "Jeugdhulp Noord (nieuw)", category: "youth-care" } }), id: ids.waiting },
    });
    await updateFacility({
      ctx: await as(ids.admin),
      input: { ...validInput({ service: { name: "Jeugdhulp Noord", category: "youth-care" } }), id: ids.waiting },
    });
    await expect(
      updateFacility({ ctx: await as(ids.otherCoordinator), input: { ...validInput(), id: ids.waiting } }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(deleteFacility({ ctx: await as(ids.otherCoordinator), input: { id: ids.waiting } })).rejects.toBeInstanceOf(NotFound);
  });

  test("members of the linked organisation update waiting time, capacity and hours, and verify, but nothing else", async () => {
    const ctx = await as(ids.member);
    const form = await getFacilityForEdit({ ctx, input: { id: ids.open } });
    expect(form.mode).toBe("status");
    await updateFacilityStatus({
      ctx,
      input: { id: ids.open, waitingWeeks: 3, capacityStatus: "limited", hours: [{ weekday: 5, opensAt: "10:00", closesAt: "11:00" }] },
    });
    const [row] = await database.db.select().from(facilityService).where(eq(facilityService.id, ids.open));
    expect(row).toMatchObject({ waitingWeeks: 3, capacityStatus: "limited", verifiedAt: now, verifiedById: ids.member });
    expect(await database.db.select().from(facilityOpeningHours).where(eq(facilityOpeningHours.serviceId, ids.open))).toMatchObject([
      { weekday: 5, opensAt: "10:00" },
    ]);
    await verifyFacility({ ctx, input: { id: ids.open } });
    await expect(updateFacility({ ctx, input: { ...validInput(), id: ids.open } })).rejects.toBeInstanceOf(NotFound);
    await expect(deleteFacility({ ctx, input: { id: ids.open } })).rejects.toBeInstanceOf(NotFound);
    // Not their facility.
    await expect(updateFacilityStatus({ ctx, input: { id: ids.waiting, capacityStatus: "open", hours: [] } })).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  test("the status update validates too (negative waiting time, overlapping hours)", async () => {
    const errors = await fieldErrors(
      updateFacilityStatus({
        ctx: await as(ids.member),
        input: {
          id: ids.open,
          waitingWeeks: -1,
          capacityStatus: "open",
          hours: [
            { weekday: 1, opensAt: "09:00", closesAt: "12:00" },
            { weekday: 1, opensAt: "10:00", closesAt: "11:00" },
          ],
        },
      }),
    );
    expect(errors).toEqual({ waitingWeeks: ["socialMap.errors.waitingNegative"], "hours[1].opensAt": ["socialMap.errors.hoursOverlap"] });
  });

  test("a resident and a visitor can view but not edit; the page says what the viewer may do", async () => {
    const resident = await as(ids.resident);
    const page = await getFacilityPage({ ctx: resident, input: { id: ids.open } });
    expect(page.permissions).toEqual({ edit: false, updateStatus: false, recordCooperation: false });
    expect((await getFacilityPage({ ctx: await as(ids.member), input: { id: ids.open } })).permissions).toEqual({
      edit: false,
      updateStatus: true,
      recordCooperation: false,
    });
    expect((await getFacilityPage({ ctx: await as(ids.coordinator), input: { id: ids.open } })).permissions).toEqual({
      edit: true,
      updateStatus: true,
      recordCooperation: true,
    });
    await expect(getFacilityForEdit({ ctx: resident, input: { id: ids.open } })).rejects.toBeInstanceOf(NotFound);
    await expect(verifyFacility({ ctx: resident, input: { id: ids.open } })).rejects.toBeInstanceOf(NotFound);
    await expect(getFacilityPage({ ctx: await as(null), input: { id: 999_999 } })).rejects.toBeInstanceOf(NotFound);
  });

  test("deleting the last service removes its location and organisation; activities there lose only the link", async () => {
    const { id } = await createFacility({ ctx: await as(ids.coordinator), input: validInput({ service: { name: "Weg ermee" } }) });
    const [svc] = await database.db.select().from(facilityService).where(eq(facilityService.id, id));
    const activityId = await database.write(async (tx) => {
      const org = await createOrganisation(tx);
      return (await createActivity(tx, { organisationId: org.id, neighbourhoodId: ids.area, facilityLocationId: svc!.locationId })).id;
    });
    await deleteFacility({ ctx: await as(ids.coordinator), input: { id } });
    expect(await database.db.select().from(facilityLocation).where(eq(facilityLocation.id, svc!.locationId))).toEqual([]);
    expect(await database.db.select().from(facilityOrganization).where(eq(facilityOrganization.id, svc!.organizationId))).toEqual([]);
    const [kept] = await database.db.select().from(activity).where(eq(activity.id, activityId));
    expect(kept?.facilityLocationId).toBeNull();
  });
});

describe("cooperation", () => {
  test("recorded by a coordinator of either end, listed both ways, no duplicates", async () => {
    const ctx = await as(ids.coordinator);
    const { id } = await recordCooperation({
      ctx,
      input: { fromServiceId: ids.waiting, toServiceId: ids.arabic, kind: "referral", purpose: "Ouders met opvoedvragen" },
    });
    const from = await getFacilityPage({ ctx: await as(null), input: { id: ids.waiting } });
    const to = await getFacilityPage({ ctx: await as(null), input: { id: ids.arabic } });
    expect(from.partners).toMatchObject([{ linkId: id, direction: "outgoing", name: "Opvoedsteun Oost", kind: "referral" }]);
    expect(to.partners).toMatchObject([{ linkId: id, direction: "incoming", name: "Jeugdhulp Noord" }]);
    expect(
      await fieldErrors(
        recordCooperation({ ctx, input: { fromServiceId: ids.waiting, toServiceId: ids.arabic, kind: "referral", purpose: "Nog eens" } }),
      ),
    ).toEqual({
      toServiceId: ["socialMap.errors.cooperationExists"],
    });
    expect(
      await fieldErrors(
        recordCooperation({ ctx, input: { fromServiceId: ids.waiting, toServiceId: ids.waiting, kind: "agreement", purpose: "x" } }),
      ),
    ).toEqual({
      toServiceId: ["socialMap.errors.partnerSelf"],
    });
  });

  test("residents and members may not record or remove links", async () => {
    const link = await database.write((tx) =>
      createCooperation(tx, { fromServiceId: ids.open, toServiceId: ids.stale, kind: "agreement" }),
    );
    await expect(
      recordCooperation({
        ctx: await as(ids.member),
        input: { fromServiceId: ids.open, toServiceId: ids.waiting, kind: "agreement", purpose: "Samen" },
      }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(removeCooperation({ ctx: await as(ids.resident), input: { id: link.id } })).rejects.toBeInstanceOf(NotFound);
    await removeCooperation({ ctx: await as(ids.admin), input: { id: link.id } });
    expect((await getFacilityPage({ ctx: await as(null), input: { id: ids.open } })).partners).toEqual([]);
  });

  test("the neighbourhood overview shows links and the categories without any cooperation", async () => {
    const overview = await getCooperationOverview({ ctx: await as(null) });
    const area = overview.find((a) => a.id === ids.area)!;
    const other = overview.find((a) => a.id === ids.otherArea)!;
    expect(area.links.map((l) => [l.from.name, l.to.name])).toEqual([["Jeugdhulp Noord", "Opvoedsteun Oost"]]);
    expect(area.unlinkedCategories).toEqual(expect.arrayContaining(["culture", "debt-income", "housing", "health"]));
    expect(area.unlinkedCategories).not.toContain("youth-care");
    expect(other.unlinkedCategories).toEqual(["language-integration"]);
    expect(other.categories.find((c) => c.category === "parenting-support")).toMatchObject({ linked: true });
  });
});

describe("hand-off to a help request", () => {
  test("kind guessed from the category where it fits, text starts with the facility's name", async () => {
    const ctx = await as(null);
    const debt = await getFacilityHandOff({ ctx, input: { id: ids.stale } });
    expect(debt).toMatchObject({ kind: "paperwork", publicTextStart: "Via Schuldhulp Oud: " });
    expect((await getFacilityHandOff({ ctx, input: { id: ids.open } })).kind).toBeNull();
  });
});
