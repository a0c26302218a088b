import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Queryable, Tx } from "#db/client";
import {
  facilityCooperation,
  facilityLocation,
  facilityOpeningHours,
  facilityOrganization,
  facilityService,
  neighbourhood,
  neighbourhoodPostcode,
} from "#db/schema";
import type { Ctx } from "../../context.server";
import { facilityWriteRefusal, locationValues, organizationValues, serviceValues } from "../facilities.server";
import { loadActor } from "../../accounts/sessions.server";
import type { RowError } from "./read.server";
import type { FacilityRecord } from "./validate.server";

// The checks an import runs over all its records (rights, cross-references) and the write itself;
// the import job around them lives in import.server.ts.

const K = "facilityExchange.errors";

const distinct = (ids: string[]) => [...new Set(ids)];
const chunks = <T>(items: T[], size = 500) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** Postcode area (4 digits) → neighbourhood, for one municipality. */
async function postcodeAreas(db: Queryable, municipalityId: number) {
  const rows = await db
    .select({ postcode: neighbourhoodPostcode.postcode, neighbourhoodId: neighbourhoodPostcode.neighbourhoodId })
    .from(neighbourhoodPostcode)
    .innerJoin(neighbourhood, eq(neighbourhood.id, neighbourhoodPostcode.neighbourhoodId))
    .where(eq(neighbourhood.municipalityId, municipalityId));
  return new Map(rows.map((a) => [a.postcode, a.neighbourhoodId]));
}

/**
 * Each record is authorised exactly as the edit form authorises a change (and the create form a
 * new facility), with the same function, for the person who uploaded the file with their rights
 * as they are now: where the facility is now (the service's location, and the location the record
 * rewrites when it already exists) and where its postcode puts it must be neighbourhoods they
 * coordinate. A record they may not write is a row error, so nothing of the file is written.
 */
export async function checkRights(
  ctx: Ctx,
  municipalityId: number,
  uploadedBy: number | null,
  records: FacilityRecord[],
): Promise<RowError[]> {
  const db = ctx.database.db;
  const actor = uploadedBy === null ? null : await loadActor(db, uploadedBy);
  const areas = await postcodeAreas(db, municipalityId);
  const serviceAt = new Map<string, number>();
  for (const chunk of chunks(distinct(records.map((r) => r.serviceId)))) {
    const rows = await db
      .select({ hsdsId: facilityService.hsdsId, neighbourhoodId: facilityLocation.neighbourhoodId })
      .from(facilityService)
      .innerJoin(facilityLocation, eq(facilityLocation.id, facilityService.locationId))
      .where(inArray(facilityService.hsdsId, chunk));
    for (const row of rows) serviceAt.set(row.hsdsId.toLowerCase(), row.neighbourhoodId);
  }
  const locationAt = new Map<string, number>();
  for (const chunk of chunks(distinct(records.map((r) => r.locationId)))) {
    const rows = await db
      .select({ hsdsId: facilityLocation.hsdsId, neighbourhoodId: facilityLocation.neighbourhoodId })
      .from(facilityLocation)
      .where(inArray(facilityLocation.hsdsId, chunk));
    for (const row of rows) locationAt.set(row.hsdsId.toLowerCase(), row.neighbourhoodId);
  }
  const errors: RowError[] = [];
  for (const r of records) {
    const target = areas.get(r.postcodeArea);
    const currents = [serviceAt.get(r.serviceId), locationAt.get(r.locationId)].flatMap((id) =>
      id === undefined ? [] : [{ neighbourhoodId: id }],
    );
    const place = target === undefined ? null : { neighbourhoodId: target };
    const refusal =
      (currents.length ? currents : [null]).map((current) => facilityWriteRefusal(actor, current, place)).find((x) => x !== null) ?? null;
    if (refusal === "current") errors.push({ ...r.idAt.service, message: `${K}.notYours` });
    else if (refusal === "target") errors.push({ ...r.postcodeAt, message: `${K}.notYours` });
  }
  return errors;
}

/** Duplicate services, ids owned by another municipality, postcodes outside it, unknown partners. */
export async function crossCheck(ctx: Ctx, municipalityId: number, records: FacilityRecord[]): Promise<RowError[]> {
  const { db } = ctx.database;
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.serviceId)) errors.push({ ...r.idAt.service, message: `${K}.duplicateService` });
    seen.add(r.serviceId);
  }

  const areas = await postcodeAreas(db, municipalityId);
  for (const r of records) if (!areas.has(r.postcodeArea)) errors.push(r.postcodeAt);

  // An id that already belongs to another municipality's map may not be taken over.
  const foreign = async (ids: string[], table: typeof facilityOrganization | typeof facilityLocation | typeof facilityService) => {
    if (ids.length === 0) return new Set<string>();
    const rows =
      table === facilityOrganization
        ? await db
            .select({ hsdsId: facilityOrganization.hsdsId, municipalityId: facilityOrganization.municipalityId })
            .from(facilityOrganization)
            .where(inArray(facilityOrganization.hsdsId, ids))
        : table === facilityLocation
          ? await db
              .select({ hsdsId: facilityLocation.hsdsId, municipalityId: facilityOrganization.municipalityId })
              .from(facilityLocation)
              .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityLocation.organizationId))
              .where(inArray(facilityLocation.hsdsId, ids))
          : await db
              .select({ hsdsId: facilityService.hsdsId, municipalityId: facilityOrganization.municipalityId })
              .from(facilityService)
              .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
              .where(inArray(facilityService.hsdsId, ids));
    return new Set(rows.filter((row) => row.municipalityId !== municipalityId).map((row) => row.hsdsId.toLowerCase()));
  };
  const foreignIds = async (ids: string[], table: Parameters<typeof foreign>[1]) => {
    const out = new Set<string>();
    for (const chunk of chunks(distinct(ids))) for (const id of await foreign(chunk, table)) out.add(id);
    return out;
  };
  const foreignOrgs = await foreignIds(
    records.map((r) => r.organizationId),
    facilityOrganization,
  );
  const foreignLocations = await foreignIds(
    records.map((r) => r.locationId),
    facilityLocation,
  );
  const foreignServices = await foreignIds(
    records.map((r) => r.serviceId),
    facilityService,
  );
  for (const r of records) {
    if (foreignServices.has(r.serviceId)) errors.push({ ...r.idAt.service, message: `${K}.otherMunicipality` });
    if (foreignOrgs.has(r.organizationId)) errors.push({ ...r.idAt.organization, message: `${K}.otherMunicipality` });
    if (foreignLocations.has(r.locationId)) errors.push({ ...r.idAt.location, message: `${K}.otherMunicipality` });
  }

  // Cooperation partners: in this file, or already on this municipality's map.
  const partners = distinct(records.flatMap((r) => r.links.map((l) => l.to)).filter((to) => !seen.has(to)));
  const known = new Set<string>();
  for (const chunk of chunks(partners)) {
    const rows = await db
      .select({ hsdsId: facilityService.hsdsId })
      .from(facilityService)
      .innerJoin(facilityOrganization, eq(facilityOrganization.id, facilityService.organizationId))
      .where(and(inArray(facilityService.hsdsId, chunk), eq(facilityOrganization.municipalityId, municipalityId)));
    for (const row of rows) known.add(row.hsdsId.toLowerCase());
  }
  for (const r of records) for (const link of r.links) if (!seen.has(link.to) && !known.has(link.to)) errors.push(link.at);
  return errors;
}

/** `SET col = excluded.col` for an upsert of many rows at once (columns are snake_case in SQL). */
function fromExcluded<T extends Record<string, unknown>>(values: T): Record<keyof T, SQL> {
  return Object.fromEntries(
    Object.keys(values).map((key) => [key, sql.raw(`excluded.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)]),
  ) as Record<keyof T, SQL>;
}

/** Rows per multi-row statement: well under SQLite's limit on bound variables. */
const BATCH = 100;
const batches = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, i * BATCH + BATCH));

/**
 * Upserts by HSDS id, in the caller's transaction, a hundred rows per statement: the write lock
 * is held for the whole write, so it has to be short (2,000 facilities: about 1 s on a 2-core machine).
 */
export async function writeRecords(tx: Tx, ctx: Ctx, municipalityId: number, importedBy: number | null, records: FacilityRecord[]) {
  const now = ctx.now();
  const areas = await postcodeAreas(tx, municipalityId);
  // A shared organization or location is written once, as the first service that names it has it.
  const uniqueBy = (key: (r: FacilityRecord) => string) => {
    const seen = new Map<string, FacilityRecord>();
    for (const r of records) if (!seen.has(key(r))) seen.set(key(r), r);
    return [...seen.values()];
  };

  const organizationIds = new Map<string, number>();
  for (const batch of batches(uniqueBy((r) => r.organizationId))) {
    const rows = batch.map((r) => {
      return { hsdsId: r.organizationId, municipalityId, ...organizationValues(r.input.organization), createdAt: now, updatedAt: now };
    });
    const { hsdsId: _h, municipalityId: _m, createdAt: _c, ...updatable } = rows[0]!;
    const written = await tx
      .insert(facilityOrganization)
      .values(rows)
      .onConflictDoUpdate({ target: facilityOrganization.hsdsId, set: fromExcluded(updatable) })
      .returning({ id: facilityOrganization.id, hsdsId: facilityOrganization.hsdsId });
    for (const w of written) organizationIds.set(w.hsdsId, w.id);
  }

  const locationIds = new Map<string, number>();
  for (const batch of batches(uniqueBy((r) => r.locationId))) {
    const rows = batch.map((r) => {
      return {
        hsdsId: r.locationId,
        organizationId: organizationIds.get(r.organizationId)!,
        ...locationValues(r.input.location, areas.get(r.postcodeArea)!),
        createdAt: now,
        updatedAt: now,
      };
    });
    const { hsdsId: _h, createdAt: _c, ...updatable } = rows[0]!;
    const written = await tx
      .insert(facilityLocation)
      .values(rows)
      .onConflictDoUpdate({ target: facilityLocation.hsdsId, set: fromExcluded(updatable) })
      .returning({ id: facilityLocation.id, hsdsId: facilityLocation.hsdsId });
    for (const w of written) locationIds.set(w.hsdsId, w.id);
  }

  const serviceIds = new Map<string, number>();
  for (const batch of batches(records)) {
    const rows = batch.map((r) => {
      return {
        hsdsId: r.serviceId,
        organizationId: organizationIds.get(r.organizationId)!,
        locationId: locationIds.get(r.locationId)!,
        ...serviceValues(r.input.service),
        verifiedAt: r.verifiedAt,
        verifiedById: r.verifiedAt === now ? importedBy : null,
        createdAt: now,
        updatedAt: now,
      };
    });
    const { hsdsId: _h, createdAt: _c, ...updatable } = rows[0]!;
    const written = await tx
      .insert(facilityService)
      .values(rows)
      .onConflictDoUpdate({ target: facilityService.hsdsId, set: fromExcluded(updatable) })
      .returning({ id: facilityService.id, hsdsId: facilityService.hsdsId });
    for (const w of written) serviceIds.set(w.hsdsId, w.id);
    // Opening hours are replaced as a whole.
    await tx.delete(facilityOpeningHours).where(
      inArray(
        facilityOpeningHours.serviceId,
        written.map((w) => w.id),
      ),
    );
    const hours = batch.flatMap((r) => r.input.hours.map((h) => ({ serviceId: serviceIds.get(r.serviceId)!, ...h })));
    for (const chunk of batches(hours)) await tx.insert(facilityOpeningHours).values(chunk);
  }

  // Links are added or updated, never removed: a file without them (from elsewhere) keeps the map's own.
  const partnerIds = records.flatMap((r) => r.links.map((l) => l.to)).filter((to) => !serviceIds.has(to));
  for (const chunk of batches([...new Set(partnerIds)])) {
    const rows = await tx
      .select({ id: facilityService.id, hsdsId: facilityService.hsdsId })
      .from(facilityService)
      .where(inArray(facilityService.hsdsId, chunk));
    for (const row of rows) serviceIds.set(row.hsdsId, row.id);
  }
  const links = records.flatMap((r) =>
    r.links.map((link) => ({
      fromServiceId: serviceIds.get(r.serviceId)!,
      toServiceId: serviceIds.get(link.to)!,
      kind: link.kind,
      purpose: link.purpose,
      createdById: importedBy,
      createdAt: now,
    })),
  );
  // One statement may not update the same row twice: the last mention of a link wins.
  const distinctLinks = [...new Map(links.map((l) => [`${l.fromServiceId}/${l.toServiceId}/${l.kind}`, l])).values()];
  for (const chunk of batches(distinctLinks)) {
    await tx
      .insert(facilityCooperation)
      .values(chunk)
      .onConflictDoUpdate({
        target: [facilityCooperation.fromServiceId, facilityCooperation.toServiceId, facilityCooperation.kind],
        set: fromExcluded({ purpose: "" }),
      });
  }
}
