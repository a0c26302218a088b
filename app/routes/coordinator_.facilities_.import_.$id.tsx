import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { getFacilityImport } from "~/domain/social-map";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { idParam, requireCtx, toResponse } from "~/web/request.server";

/** While the import runs, the page reloads itself: progress without JavaScript. */
const REFRESH_SECONDS = 2;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("facilityExchange.progress.title", { id: data?.job.id ?? "" })} · Noaber` },
  ...(data?.job.running ? [{ httpEquiv: "refresh", content: String(REFRESH_SECONDS) }] : []),
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const id = idParam(params.id);
  const job = await getFacilityImport({ ctx, input: { id } }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, job: { ...job, createdText: formatDateTime(job.createdAt, ctx.actor.timeZone, ctx.locale) } };
}

export default function FacilityImportProgressPage() {
  const { job } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const statusText = t(`facilityExchange.status.${job.status}`);
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("facilityExchange.progress.title", { id: job.id })}</h1>
      <dl className="details">
        <dt>{t("facilityExchange.progress.status")}</dt>
        <dd>
          <strong role="status">{statusText}</strong>
        </dd>
        <dt>{t("facilityExchange.progress.format")}</dt>
        <dd>{job.format === "csv" ? "HSDS CSV" : "HSDS JSON"}</dd>
        <dt>{t("facilityExchange.progress.started")}</dt>
        <dd>{job.createdText}</dd>
      </dl>
      <div className="field">
        <label htmlFor="import-progress">{t("facilityExchange.progress.progress")}</label>
        <progress id="import-progress" max={Math.max(job.total, 1)} value={job.status === "done" ? Math.max(job.total, 1) : job.processed}>
          {t("facilityExchange.progress.count", { processed: job.processed, total: job.total })}
        </progress>
        <p className="field__hint">{t("facilityExchange.progress.count", { processed: job.processed, total: job.total })}</p>
      </div>
      {job.running ? (
        <p className="utrecht-paragraph">
          {t("facilityExchange.progress.refreshing")} <Link to=".">{t("facilityExchange.progress.refreshNow")}</Link>
        </p>
      ) : null}
      {job.status === "done" ? <p className="alert alert--ok">{t("facilityExchange.progress.done", { total: job.total })}</p> : null}
      {job.status === "invalid" ? <p className="alert alert--error">{t("facilityExchange.progress.invalid")}</p> : null}
      {job.status === "failed" ? <p className="alert alert--error">{t("facilityExchange.progress.failed")}</p> : null}

      {job.errors.length > 0 ? (
        <>
          <h2 className="utrecht-heading-2">{t("facilityExchange.progress.errorsTitle")}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("facilityExchange.progress.row")}</th>
                  <th scope="col">{t("facilityExchange.progress.field")}</th>
                  <th scope="col">{t("facilityExchange.progress.message")}</th>
                </tr>
              </thead>
              <tbody>
                {job.errors.map((e, i) => (
                  <tr key={i}>
                    <td>{e.row > 0 ? e.row : t("facilityExchange.progress.wholeFile")}</td>
                    <td>
                      <code>{e.field}</code>
                    </td>
                    <td>{t(e.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {job.running ? null : (
        <p>
          <Link to="/coordinator/facilities/import">{t("facilityExchange.progress.again")}</Link>
        </p>
      )}
    </section>
  );
}
