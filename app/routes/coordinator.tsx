import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { listCoordinatorQueue } from "~/domain/help";
import { formatDateTime } from "~/domain/time";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";
import helpStyles from "~/styles/help.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: helpStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("coordinator.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const { neighbourhoods, requests } = await listCoordinatorQueue({ ctx }).catch((e) => toResponse(e, request));
  const at = (ms: number) => formatDateTime(ms, ctx.actor.timeZone, ctx.locale);
  return {
    locale: ctx.locale,
    neighbourhoods,
    requests: requests.map((r) => ({
      ...r,
      createdText: at(r.createdAt),
      firstWindowText: r.firstWindow === null ? null : at(Number(r.firstWindow)),
    })),
  };
}

export default function CoordinatorPage() {
  const { neighbourhoods, requests } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("coordinator.title")}</h1>
      <h2 className="utrecht-heading-2">{t("helpCoordinator.queue.title")}</h2>
      <p className="utrecht-paragraph">{t("helpCoordinator.queue.intro")}</p>
      <p className="utrecht-paragraph">{t("helpCoordinator.queue.thresholds")}</p>
      {requests.length === 0 ? (
        <p className="utrecht-paragraph">{t("helpCoordinator.queue.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("helpCoordinator.queue.request")}</th>
                <th scope="col">{t("helpCoordinator.queue.urgency")}</th>
                <th scope="col">{t("helpCoordinator.queue.waiting")}</th>
                <th scope="col">{t("helpCoordinator.queue.neighbourhood")}</th>
                <th scope="col">{t("helpCoordinator.queue.status")}</th>
                <th scope="col">{t("helpCoordinator.queue.firstWindow")}</th>
                <th scope="col">{t("helpCoordinator.queue.invites")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} className={r.waitingTooLong || r.flagged ? "queue-row--attention" : undefined}>
                  <td>
                    <Link to={`/coordinator/requests/${r.id}`}>
                      {t(`helpRequests.kinds.${r.kind}`)} (#{r.id})
                    </Link>
                    {r.waitingTooLong ? <strong className="queue-mark"> {t("helpCoordinator.queue.waitingTooLong")}</strong> : null}
                    {r.flagReason ? (
                      <strong className="queue-mark">
                        {" "}
                        {t("helpCoordinator.queue.flagged", { reason: t(`helpCoordinator.flag.${r.flagReason}`) })}
                      </strong>
                    ) : null}
                  </td>
                  <td>{t(`helpRequests.urgency.${r.urgency}`)}</td>
                  <td>{r.createdText}</td>
                  <td>{r.neighbourhood}</td>
                  <td>{t(`helpRequests.status.${r.status}`)}</td>
                  <td>{r.firstWindowText ?? "–"}</td>
                  <td>
                    {r.asked} / {r.offered}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="utrecht-heading-2">{t("helpCoordinator.queue.neighbourhoodsTitle")}</h2>
      <p className="utrecht-paragraph">{neighbourhoods.length ? t("coordinator.intro") : t("coordinator.none")}</p>
      <ul>
        {neighbourhoods.map((n) => (
          <li key={n.id}>
            {n.name} ({n.postcodes.join(", ")})
          </li>
        ))}
      </ul>
      <h2 className="utrecht-heading-2">{t("helpCoordinator.queue.otherTasks")}</h2>
      <ul className="action-links">
        <li>
          <Link to="/coordinator/intake">{t("helpRequest.form.intakeTitle")}</Link>
        </li>
        <li>
          <Link to="/coordinator/organisations">{t("community.approvals.title")}</Link>
        </li>
        <li>
          <Link to="/coordinator/volunteers">{t("community.vogAdmin.title")}</Link>
        </li>
        <li>
          <Link to="/coordinator/facilities">{t("socialMap.coordinator.title")}</Link>
        </li>
        <li>
          <Link to="/signals">{t("signals.list.title")}</Link>
        </li>
      </ul>
    </section>
  );
}
