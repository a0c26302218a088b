import {
  data,
  MaxPartSizeExceededError,
  redirect,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type UploadHandler,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { DomainError, Forbidden, Validation } from "~/domain/errors";
import { can } from "~/domain/permissions";
import { hsdsTableNames } from "~/domain/social-map";
import { IMPORT_MAX_BYTES, listFacilityImports, startFacilityImport } from "~/domain/social-map";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("facilityExchange.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const imports = await listFacilityImports({ ctx }).catch((e) => toResponse(e, request));
  return {
    locale: ctx.locale,
    tables: hsdsTableNames,
    megabytes: IMPORT_MAX_BYTES / 1024 / 1024,
    imports: imports.map((i) => ({ ...i, createdText: formatDateTime(i.createdAt, ctx.actor.timeZone, ctx.locale) })),
  };
}

/** Keeps the upload in memory up to IMPORT_MAX_BYTES over all parts together, then refuses it. */
function limitedUploadHandler(): UploadHandler {
  let total = 0;
  return async ({ filename, data: stream }) => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) {
      total += chunk.byteLength;
      if (total > IMPORT_MAX_BYTES) throw new MaxPartSizeExceededError(filename ?? "", IMPORT_MAX_BYTES);
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    return filename === undefined ? bytes.toString("utf8") : new File([bytes], filename);
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  // Rights first: nobody but a coordinator or admin gets up to 10 MB read into memory.
  if (!can.coordinateAnywhere(ctx.actor)) toResponse(new Forbidden(), request);
  try {
    const form = await unstable_parseMultipartFormData(request, limitedUploadHandler());
    const files = await Promise.all(
      form
        .getAll("files")
        .flatMap((f) => (typeof f === "string" || f.size === 0 ? [] : [f.text().then((text) => ({ name: f.name, text }))])),
    );
    const { id } = await startFacilityImport({ ctx, input: { format: form.get("format") === "csv" ? "csv" : "json", files } });
    return redirect(`/coordinator/facilities/import/${id}`);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data({ errors: ["facilityExchange.errors.tooLarge"] }, { status: 413 });
    if (error instanceof Validation) return data({ errors: Object.values(error.fieldErrors).flat() }, { status: 400 });
    if (error instanceof DomainError) toResponse(error, request);
    throw error;
  }
}

export default function FacilityImportPage() {
  const { imports, tables, megabytes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = actionData?.errors ?? [];
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("facilityExchange.title")}</h1>
      <p className="utrecht-paragraph">{t("facilityExchange.intro")}</p>

      <h2 className="utrecht-heading-2">{t("facilityExchange.export.title")}</h2>
      <p className="utrecht-paragraph">{t("facilityExchange.export.intro")}</p>
      <p>
        <a href="/facilities/export.json" download>
          {t("facilityExchange.export.json")}
        </a>
      </p>
      <h3 className="utrecht-heading-3">{t("facilityExchange.export.csvTitle")}</h3>
      <p className="utrecht-paragraph">{t("facilityExchange.export.csvIntro")}</p>
      <ul>
        {tables.map((table) => (
          <li key={table}>
            <a href={`/facilities/export/${table}.csv`} download>
              {t("facilityExchange.export.table", { table })}
            </a>
          </li>
        ))}
      </ul>

      <h2 className="utrecht-heading-2">{t("facilityExchange.import.title")}</h2>
      <p className="utrecht-paragraph">{t("facilityExchange.import.intro")}</p>
      <p className="utrecht-paragraph">{t("facilityExchange.import.update")}</p>
      {errors.length ? (
        <div id="import-errors" role="alert" className="alert alert--error">
          {errors.map((key) => (
            <p key={key}>{t(key, { megabytes: megabytes })}</p>
          ))}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack narrow">
        <fieldset className="form-section">
          <legend>{t("facilityExchange.import.format")}</legend>
          <div className="field field--checkbox">
            <input type="radio" id="format-json" name="format" value="json" defaultChecked />
            <label htmlFor="format-json">{t("facilityExchange.import.formatJson")}</label>
          </div>
          <div className="field field--checkbox">
            <input type="radio" id="format-csv" name="format" value="csv" />
            <label htmlFor="format-csv">{t("facilityExchange.import.formatCsv")}</label>
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="files">{t("facilityExchange.import.files")}</label>
          <p id="files-hint" className="field__hint">
            {t("facilityExchange.import.filesHint", { megabytes: megabytes })}
          </p>
          <input
            type="file"
            id="files"
            name="files"
            multiple
            required
            accept=".json,.csv,application/json,text/csv"
            aria-describedby={errors.length ? "files-hint import-errors" : "files-hint"}
            aria-invalid={errors.length ? true : undefined}
          />
        </div>
        <p>
          <button type="submit" className="button button--primary utrecht-button">
            {t("facilityExchange.import.submit")}
          </button>
        </p>
      </Form>

      <h2 className="utrecht-heading-2">{t("facilityExchange.import.recent")}</h2>
      {imports.length === 0 ? (
        <p className="utrecht-paragraph">{t("facilityExchange.import.none")}</p>
      ) : (
        <ul>
          {imports.map((i) => (
            <li key={i.id}>
              <Link to={`/coordinator/facilities/import/${i.id}`}>{t("facilityExchange.import.open", { id: i.id })}</Link>: {i.createdText},{" "}
              {t(`facilityExchange.status.${i.status}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
