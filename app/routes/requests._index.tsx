import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { listMyHelpRequests } from "~/domain/help";
import { getT } from "~/locales/i18n";
import { requireCtx } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("helpRequest.mine.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  return { locale: ctx.locale, requests: await listMyHelpRequests({ ctx }) };
}

export default function MyHelpRequestsPage() {
  const { requests } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("helpRequest.mine.title")}</h1>
      <p>
        <Link to="/requests/new" className="button button--primary utrecht-button">
          {t("helpRequest.mine.ask")}
        </Link>
      </p>
      {requests.length === 0 ? (
        <p className="utrecht-paragraph">{t("helpRequest.mine.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="utrecht-table">
            <thead>
              <tr>
                <th scope="col">{t("helpRequest.mine.kind")}</th>
                <th scope="col">{t("helpRequest.mine.forWhom")}</th>
                <th scope="col">{t("helpRequest.mine.status")}</th>
                <th scope="col">{t("helpRequest.mine.next")}</th>
                <th scope="col">{t("helpRequest.mine.created")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/requests/${r.id}`}>{t(`helpRequests.kinds.${r.kind}`)}</Link>
                  </td>
                  <td>{r.recipient ?? t("helpRequest.mine.self")}</td>
                  <td>{t(`helpRequests.status.${r.status}`)}</td>
                  <td>{r.next ?? t("helpRequest.mine.none")}</td>
                  <td>{r.createdAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
