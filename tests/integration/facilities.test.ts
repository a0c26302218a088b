import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activity, facilityLocation, facilityOpeningHours, facilityOrganization, facilityService } from "#db/schema";
import { getCooperationOverview, recordCooperation, removeCooperation } from "~/domain/social-map/cooperation.server";
import { Forbidden, NotFound, Unauthenticated } from "~/domain/errors";
import {
  createFacility,
  deleteFacility,
  getFacilityForEdit,
  getFacilityPage,
  listStaleFacilities,
  searchFacilities,
  updateFacility,
  updateFacilityStatus,
  verifyFacility,
} from "~/domain/social-map";
import { createActivity, createCooperation, createFacility as createFacilityRow, createOrganisation } from "~/demo/builders";
import { fieldErrors } from "#tests/support/errors";
import {
  areaSlug,
  as,
  database,
  ids,
  now,
  otherPostcodeArea,
  otherSlug,
  postcodeArea,
  setUpFacilitiesWorld,
  validInput,
} from "./facilities-world";

setUpFacilitiesWorld();

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
