import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { approveOrganisation, listPendingOrganisations } from "~/domain/organisations";
import { getT } from "~/locales/i18n";
import { requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${getT(data?.locale ?? "nl")("community.approvals.title")} · Noaber` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const pending = await listPendingOrganisations({ ctx }).catch((e) => toResponse(e, request));
  return { locale: ctx.locale, pending };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  const { slug } = await approveOrganisation({ ctx, input: { organisationId: Number(form.get("organisationId")) } }).catch((e) =>
    toResponse(e, request),
  );
  return redirect(`/organisations/${slug}?approved`);
}

export default function PendingOrganisationsPage() {
  const { pending } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("community.approvals.title")}</h1>
      <p className="utrecht-paragraph">{pending.length ? t("community.approvals.intro") : t("community.approvals.none")}</p>
      <ul className="cards">
        {pending.map((o) => (
          <li key={o.id} className="card stack">
            <h2 className="utrecht-heading-3">{o.name}</h2>
            <dl className="details">
              <dt>{t("community.organisations.kind")}</dt>
              <dd>{t(`community.kinds.${o.kind}`)}</dd>
              <dt>{t("community.organisations.neighbourhoods")}</dt>
              <dd>{o.neighbourhoods.join(", ")}</dd>
              <dt>{t("community.approvals.registeredBy")}</dt>
              <dd>{o.admins.map((a) => `${a.name} (${a.email})`).join(", ")}</dd>
              {o.contactEmail ? (
                <>
                  <dt>{t("community.organisations.email")}</dt>
                  <dd>{o.contactEmail}</dd>
                </>
              ) : null}
              {o.website ? (
                <>
                  <dt>{t("community.organisations.website")}</dt>
                  <dd>{o.website}</dd>
                </>
              ) : null}
            </dl>
            {o.description ? <p className="utrecht-paragraph prose-text">{o.description}</p> : null}
            <p>
              <Link to={`/organisations/${o.slug}`}>{t("community.approvals.view")}</Link>
            </p>
            <Form method="post">
              <input type="hidden" name="organisationId" value={o.id} />
              <button type="submit" className="button button--primary utrecht-button">
                {t("community.approvals.approve", { name: o.name })}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
