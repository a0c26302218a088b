import type { Database } from "#db/client";
import { helpRequestWindow, volunteerUnavailableDate } from "#db/schema";
import type { Ctx } from "~/domain/context.server";
import { createKeyring } from "~/domain/keyring.server";
import { ctxAs } from "#tests/support/ctx";
import {
  addAvailability,
  createActivity,
  createCareConsent,
  createCareRecipient,
  createHelpRequest,
  createHelpSession,
  createMunicipality,
  createNeighbourhood,
  createOrganisation,
  createSession,
  createShift,
  createSignupRecord,
  createSkill,
  createUser,
  createVolunteerProfile,
  giveSkills,
  grantAdmin,
  grantCoordinator,
  makeAdjacent,
} from "~/demo/builders";

// A small town for the coordinator and matching tests (h7): three neighbourhoods (north next to
// south, east apart), a second town, a carer with a request for two Tuesday afternoons, and
// volunteers that each show one factor or hard rule.

const H = 3_600_000;
/** Saturday 28 November 2026, 11:00 in Amsterdam. */
export const NOW = Date.UTC(2026, 10, 28, 10, 0);
/** Tuesdays 1 and 8 December 2026, 14:00-17:00 in Amsterdam (UTC+1). */
export const WINDOWS = [
  { startsAt: Date.UTC(2026, 11, 1, 13), endsAt: Date.UTC(2026, 11, 1, 16) },
  { startsAt: Date.UTC(2026, 11, 8, 13), endsAt: Date.UTC(2026, 11, 8, 16) },
];
const tuesdayAfternoon = [{ weekday: 2, startTime: "13:00", endTime: "18:00" }];

export type WorldIds = Record<
  | "town"
  | "north"
  | "south"
  | "east"
  | "elsewhere"
  | "carer"
  | "recipient"
  | "request"
  | "coordNorth"
  | "coordSouth"
  | "admin"
  | "resident"
  | "vNear"
  | "vAdjacent"
  | "vEastOwn"
  | "vBusy"
  | "vHours"
  | "vContinuity"
  | "vPaused"
  | "vOtherTown"
  | "vHoliday"
  | "olderPeople",
  number
>;

export async function buildWorld(database: Database): Promise<WorldIds> {
  const ids = {} as WorldIds;
  await database.write(async (tx) => {
    const town = await createMunicipality(tx);
    ids.town = town.id;
    ids.north = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Noord" })).id;
    ids.south = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Zuid" })).id;
    ids.east = (await createNeighbourhood(tx, { municipalityId: town.id, name: "Oost" })).id;
    await makeAdjacent(tx, ids.north, ids.south);
    const other = await createMunicipality(tx);
    ids.elsewhere = (await createNeighbourhood(tx, { municipalityId: other.id, name: "Elders" })).id;
    ids.olderPeople = (
      await createSkill(tx, {
        slug: `ouderen-${Math.random().toString(36).slice(2, 8)}`,
        nameNl: "Met ouderen werken",
        nameEn: "Working with older people",
        kind: "interest",
      })
    ).id;

    const person = async (name: string, neighbourhoodId: number) =>
      (await createUser(tx, { name, neighbourhoodId, phone: "0612345678" })).id;
    ids.carer = await person("Carla Mantelzorger", ids.north);
    ids.coordNorth = await person("Karin Noord", ids.north);
    await grantCoordinator(tx, ids.coordNorth, [ids.north]);
    ids.coordSouth = await person("Kees Zuid", ids.south);
    await grantCoordinator(tx, ids.coordSouth, [ids.south]);
    ids.admin = await person("Anna Beheer", ids.east);
    await grantAdmin(tx, ids.admin);
    ids.resident = await person("Rita Bewoner", ids.north);

    const volunteer = async (
      name: string,
      neighbourhoodId: number,
      profile: Partial<Parameters<typeof createVolunteerProfile>[1]> = {},
    ) => {
      const id = await person(name, neighbourhoodId);
      await createVolunteerProfile(tx, { userId: id, ...profile });
      await addAvailability(tx, id, tuesdayAfternoon);
      return id;
    };
    ids.vNear = await volunteer("Nina Dichtbij", ids.north, { languages: ["nl", "tr"] });
    await giveSkills(tx, ids.vNear, [ids.olderPeople]);
    ids.vAdjacent = await volunteer("Ahmed Ernaast", ids.south, { travelRange: "adjacent" });
    ids.vEastOwn = await volunteer("Olga Oost", ids.east, { travelRange: "own" });
    ids.vBusy = await volunteer("Bram Bezet", ids.north);
    ids.vHours = await volunteer("Hanna Uren", ids.north, { maxHoursPerMonth: 8 });
    ids.vContinuity = await volunteer("Cor Bekend", ids.north);
    ids.vPaused = await volunteer("Pim Pauze", ids.north, { pausedUntil: "2026-12-31" });
    ids.vOtherTown = await volunteer("Erik Elders", ids.elsewhere, { travelRange: "municipality" });
    ids.vHoliday = await volunteer("Vera Vakantie", ids.north);
    await tx.insert(volunteerUnavailableDate).values([
      { userId: ids.vHoliday, date: "2026-12-01" },
      { userId: ids.vHoliday, date: "2026-12-08" },
    ]);

    // vBusy took a shift on 1 December and helps someone else on 8 December.
    const org = await createOrganisation(tx);
    const act = await createActivity(tx, { organisationId: org.id, neighbourhoodId: ids.north });
    const session = await createSession(tx, { activityId: act.id, startsAt: WINDOWS[0]!.startsAt - H, endsAt: WINDOWS[0]!.endsAt + H });
    const shift = await createShift(tx, { sessionId: session.id, startsAt: WINDOWS[0]!.startsAt, endsAt: WINDOWS[0]!.endsAt });
    await createSignupRecord(tx, { sessionId: session.id, shiftId: shift.id, userId: ids.vBusy });
    const otherCarer = await person("Olaf Anders", ids.north);
    const busyMatch = await createHelpRequest(tx, {
      neighbourhoodId: ids.north,
      requesterId: otherCarer,
      status: "matched",
      matchedVolunteerId: ids.vBusy,
      matchedAt: NOW - 24 * H,
    });
    await createHelpSession(tx, { requestId: busyMatch.id, startsAt: WINDOWS[1]!.startsAt, endsAt: WINDOWS[1]!.endsAt });

    // vHours worked 3 hours on a shift 10 days ago: with 6 hours asked, over the 8-hour maximum.
    const pastSession = await createSession(tx, { activityId: act.id, startsAt: NOW - 10 * 24 * H, endsAt: NOW - 10 * 24 * H + 3 * H });
    const pastShift = await createShift(tx, { sessionId: pastSession.id, startsAt: pastSession.startsAt, endsAt: pastSession.endsAt });
    await createSignupRecord(tx, {
      sessionId: pastSession.id,
      shiftId: pastShift.id,
      userId: ids.vHours,
      attendance: "present",
      minutes: 180,
    });

    // vContinuity helped this carer before.
    await createHelpRequest(tx, {
      neighbourhoodId: ids.north,
      requesterId: ids.carer,
      status: "completed",
      matchedVolunteerId: ids.vContinuity,
      matchedAt: NOW - 60 * 24 * H,
    });

    const consent = await createCareConsent(tx, ids.carer);
    ids.recipient = (
      await createCareRecipient(tx, {
        carerId: ids.carer,
        neighbourhoodId: ids.north,
        firstName: "Opa Jan",
        notesForHelpers: "Jan heeft dementie.",
      })
    ).id;
    const request = await createHelpRequest(tx, {
      neighbourhoodId: ids.north,
      requesterId: ids.carer,
      careRecipientId: ids.recipient,
      status: "open",
      address: "Lindelaan 12",
      privateText: "Sleutel ligt onder de mat.",
      careConsentId: consent.id,
      publicText: "Twee middagen gezelschap voor opa.",
      createdAt: NOW - 2 * H,
      updatedAt: NOW - 2 * H,
    });
    ids.request = request.id;
    await tx.insert(helpRequestWindow).values(WINDOWS.map((w) => ({ requestId: request.id, ...w })));
  });
  return ids;
}

export const testKeys = createKeyring(["coordinator-tests-secret-0123456789abcdef"]);

export function ctxFor(database: Database, userId: number | null, at = NOW): Promise<Ctx> {
  return ctxAs(database, userId, { now: () => at, keys: testKeys });
}

/** A help request in the world's north with windows, for tests that need a fresh one. */
export async function addRequest(
  database: Database,
  ids: WorldIds,
  values: Partial<Parameters<typeof createHelpRequest>[1]> = {},
  windows: { startsAt: number; endsAt: number }[] = WINDOWS,
) {
  return database.write(async (tx) => {
    const row = await createHelpRequest(tx, {
      neighbourhoodId: ids.north,
      requesterId: ids.carer,
      status: "open",
      createdAt: NOW - 2 * H,
      updatedAt: NOW - 2 * H,
      ...values,
    });
    if (windows.length) await tx.insert(helpRequestWindow).values(windows.map((w) => ({ requestId: row.id, ...w })));
    return row;
  });
}
