import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { listManageableActivities } from "~/domain/activities";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("organiser.list.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const list = await listManageableActivities({ ctx, input: { page } }).catch((e) => toResponse(e, request));
  const activities = list.activities.map((a) => ({
    ...a,
    next: a.nextSession === null ? null : formatDateTime(a.nextSession, ctx.actor.timeZone, ctx.locale),
  }));
  return { locale: ctx.locale, ...list, activities };
}

export default function ManageActivitiesPage() {
  const { activities, total, page, pageSize, canCreate } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("organiser.list.title")}</h1>
      <p className="utrecht-paragraph">{t("organiser.list.intro")}</p>
      {canCreate ? (
        <p>
          <Link to="/activities/new" className="button button--primary utrecht-button">
            {t("organiser.list.new")}
          </Link>
        </p>
      ) : (
        <p className="utrecht-paragraph">{t("organiser.create.noOrganisation")}</p>
      )}
      {activities.length === 0 ? (
        <p className="utrecht-paragraph">{t("organiser.list.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("organiser.list.caption", { count: total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("organiser.list.activity")}</th>
                <th scope="col">{t("organiser.list.organisation")}</th>
                <th scope="col">{t("organiser.list.neighbourhood")}</th>
                <th scope="col">{t("organiser.list.next")}</th>
              </tr>
            </thead>
            <tbody>
              {activities.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/activities/${a.id}/manage`} className="utrecht-link">
                      {a.title}
                    </Link>
                    {a.canEdit ? null : <span className="muted"> ({t("organiser.list.viewOnly")})</span>}
                  </th>
                  <td>{a.organisation}</td>
                  <td>{a.neighbourhood}</td>
                  <td>{a.next ?? t("organiser.list.noNext")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label={t("organiser.list.pagination")} className="pagination">
          {page > 1 ? (
            <Link to={`?page=${page - 1}`} className="utrecht-link" rel="prev">
              {t("organiser.list.previous")}
            </Link>
          ) : null}
          <span>{t("organiser.list.pageOf", { page, pages })}</span>
          {page < pages ? (
            <Link to={`?page=${page + 1}`} className="utrecht-link" rel="next">
              {t("organiser.list.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
