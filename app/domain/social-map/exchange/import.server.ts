import { and, desc, eq, lt, or } from "drizzle-orm";
import { facilityImport } from "#db/schema";
import type { Ctx } from "../../context.server";
import { NotFound, Validation } from "../../errors";
import { hideForbidden } from "../../permissions";
import { exchangeMunicipalityId } from "./scope.server";
import { readCsv, readJson, type ImportFile, type RowError } from "./read.server";
import { validateService, type FacilityRecord } from "./validate.server";
import { checkRights, crossCheck, writeRecords } from "./import-checks.server";

// Import of facilities from HSDS JSON or HSDS tabular CSV. Every row is validated first; if any
// row fails nothing is written; otherwise everything is written in ONE transaction, upserting by
// HSDS id (re-importing an export updates in place). Progress lives in a facility_import row.
//
// Processing runs in the background of the process that received the upload (the page polls),
// so a large file never hits a request timeout; the maintenance tick resumes imports that a
// restart interrupted (see resumeFacilityImports).

const K = "facilityExchange.errors";
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** Services validated between two progress updates. */
export const IMPORT_CHUNK = 100;
/** At most this many errors are kept; the page says there were more. */
export const IMPORT_MAX_ERRORS = 500;
/** An import still running after this long was interrupted by a restart and may be resumed. */
export const IMPORT_STALE_MS = 2 * 60_000;

export type ImportFormat = "csv" | "json";

export interface ImportInput {
  format: ImportFormat;
  files: ImportFile[];
  /** Called after each chunk (tests watch progress move). */
  onProgress?: (processed: number, total: number) => void | Promise<void>;
  chunkSize?: number;
}

/** Imports running in this process, so the maintenance tick does not start one twice. */
const running = new Set<number>();

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkFiles(input: Pick<ImportInput, "format" | "files">) {
  const files = input.files.filter((f) => f.name || f.text);
  if (files.length === 0) throw new Validation({ files: [`${K}.noFile`] });
  if (input.format === "json" && files.length > 1) throw new Validation({ files: [`${K}.oneJsonFile`] });
  const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
  if (bytes > IMPORT_MAX_BYTES) throw new Validation({ files: [`${K}.tooLarge`] });
  return files;
}

/**
 * Stores the upload as a facility_import in 'validating' and starts processing it without
 * waiting: the caller gets the id at once; `done` settles when the import has finished (it never
 * rejects: failures end up in the import's status).
 */
export async function startFacilityImport({ ctx, input }: { ctx: Ctx; input: ImportInput }): Promise<{ id: number; done: Promise<void> }> {
  const municipalityId = await exchangeMunicipalityId(ctx);
  const files = checkFiles(input);
  const id = await ctx.database.write(async (tx) => {
    const [row] = await tx
      .insert(facilityImport)
      .values({
        municipalityId,
        format: input.format,
        status: "validating",
        payload: JSON.stringify(files),
        createdById: ctx.actor?.userId ?? null,
        createdAt: ctx.now(),
      })
      .returning({ id: facilityImport.id });
    return row!.id;
  });
  const done = runFacilityImport(ctx, id, input);
  return { id, done };
}

/** Start and wait: for scripts and tests. Returns the finished import. */
export async function importFacilities({ ctx, input }: { ctx: Ctx; input: ImportInput }) {
  const { id, done } = await startFacilityImport({ ctx, input });
  await done;
  const [row] = await ctx.database.db.select().from(facilityImport).where(eq(facilityImport.id, id));
  return row!;
}

async function setImport(ctx: Ctx, id: number, values: Partial<typeof facilityImport.$inferInsert>) {
  await ctx.database.write((tx) => tx.update(facilityImport).set(values).where(eq(facilityImport.id, id)));
}

async function runFacilityImport(ctx: Ctx, id: number, options: Pick<ImportInput, "onProgress" | "chunkSize"> = {}): Promise<void> {
  if (running.has(id)) return;
  running.add(id);
  try {
    await processImport(ctx, id, options);
  } catch {
    // Whatever went wrong (the write rolled back as a whole), the import must not stay "running".
    await setImport(ctx, id, {
      status: "failed",
      errors: [{ row: 0, field: "", message: `${K}.writeFailed` }],
      payload: null,
      finishedAt: ctx.now(),
    }).catch(() => undefined);
  } finally {
    running.delete(id);
  }
}

async function processImport(
  ctx: Ctx,
  id: number,
  { onProgress, chunkSize = IMPORT_CHUNK }: Pick<ImportInput, "onProgress" | "chunkSize">,
) {
  const [job] = await ctx.database.db.select().from(facilityImport).where(eq(facilityImport.id, id));
  if (!job || (job.status !== "validating" && job.status !== "importing") || job.payload === null) return;
  const files = JSON.parse(job.payload) as ImportFile[];
  const read = job.format === "json" ? readJson(files) : readCsv(files);
  const errors: RowError[] = [...read.errors];
  const total = read.services.length;
  await setImport(ctx, id, { status: "validating", total, processed: 0 });

  // Per-row checks, in chunks with a progress update and a breather for other requests between.
  const records: FacilityRecord[] = [];
  for (let start = 0; start < total; start += chunkSize) {
    for (const service of read.services.slice(start, start + chunkSize)) {
      const { record, errors: rowErrors } = validateService(service, read.origins, ctx.now());
      errors.push(...rowErrors);
      if (record) records.push(record);
    }
    const processed = Math.min(total, start + chunkSize);
    await setImport(ctx, id, { processed });
    await onProgress?.(processed, total);
    await yieldToEventLoop();
  }
  if (total === 0 && errors.length === 0) errors.push({ row: 0, field: "", message: `${K}.empty` });

  // Checks across rows and against the database, on the rows that passed, so one round reports everything.
  errors.push(...(await crossCheck(ctx, job.municipalityId, records)));
  errors.push(...(await checkRights(ctx, job.municipalityId, job.createdById, records)));

  if (errors.length > 0) {
    const kept =
      errors.length > IMPORT_MAX_ERRORS
        ? [...errors.slice(0, IMPORT_MAX_ERRORS), { row: 0, field: "", message: `${K}.moreErrors` }]
        : errors;
    await setImport(ctx, id, { status: "invalid", errors: kept, payload: null, finishedAt: ctx.now() });
    return;
  }
  await setImport(ctx, id, { status: "importing" });
  await ctx.database.write(async (tx) => {
    await writeRecords(tx, ctx, job.municipalityId, job.createdById, records);
    await tx
      .update(facilityImport)
      .set({ status: "done", processed: total, payload: null, finishedAt: ctx.now() })
      .where(eq(facilityImport.id, id));
  });
}

/** One import of the coordinator's municipality, for its progress page (the uploaded file is not returned). */
export async function getFacilityImport({ ctx, input }: { ctx: Ctx; input: { id: number } }) {
  // Names one import: someone who may not import at all gets "not found" too, not 403.
  const municipalityId = await hideForbidden(exchangeMunicipalityId(ctx));
  const [row] = await ctx.database.db
    .select({
      id: facilityImport.id,
      format: facilityImport.format,
      status: facilityImport.status,
      total: facilityImport.total,
      processed: facilityImport.processed,
      errors: facilityImport.errors,
      createdAt: facilityImport.createdAt,
      finishedAt: facilityImport.finishedAt,
    })
    .from(facilityImport)
    .where(and(eq(facilityImport.id, input.id), eq(facilityImport.municipalityId, municipalityId)));
  if (!row) throw new NotFound();
  return { ...row, running: row.status === "validating" || row.status === "importing" };
}

/** The latest imports of the coordinator's municipality. */
export async function listFacilityImports({ ctx }: { ctx: Ctx }) {
  const municipalityId = await exchangeMunicipalityId(ctx);
  return ctx.database.db
    .select({
      id: facilityImport.id,
      format: facilityImport.format,
      status: facilityImport.status,
      total: facilityImport.total,
      createdAt: facilityImport.createdAt,
    })
    .from(facilityImport)
    .where(eq(facilityImport.municipalityId, municipalityId))
    .orderBy(desc(facilityImport.createdAt), desc(facilityImport.id))
    .limit(10);
}

/**
 * For the maintenance tick: imports left in 'validating' or 'importing' by a process that
 * stopped (older than IMPORT_STALE_MS and not running here) start again from their stored file.
 * The write is one transaction, so an interrupted import never left half its rows behind.
 */
export async function resumeFacilityImports({ ctx }: { ctx: Ctx }): Promise<number[]> {
  const stale = await ctx.database.db
    .select({ id: facilityImport.id })
    .from(facilityImport)
    .where(
      and(
        or(eq(facilityImport.status, "validating"), eq(facilityImport.status, "importing")),
        lt(facilityImport.createdAt, ctx.now() - IMPORT_STALE_MS),
      ),
    );
  const ids = stale.map((s) => s.id).filter((id) => !running.has(id));
  for (const id of ids) await runFacilityImport(ctx, id);
  return ids;
}
