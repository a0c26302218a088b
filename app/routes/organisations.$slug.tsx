import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { intlLocale } from "~/locales/intl";
import { ActivityLinks } from "~/components/activity-bits";
import { FormErrors } from "~/components/forms";
import { Validation } from "~/domain/errors";
import { approveOrganisation, getOrganisationPage, removeMember } from "~/domain/organisations";
import { formatLocalDate } from "~/domain/scheduling";
import { requireCtx, getCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.organisation.name ?? ""} · Noaber` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const page = await getOrganisationPage({ ctx, input: { slug: params.slug ?? "" } }).catch((e) => toResponse(e, request));
  const hours = new Intl.NumberFormat(intlLocale(ctx.locale), { maximumFractionDigits: 1 });
  const period = (from: string, to: string | null) =>
    to ? `${formatLocalDate(from, ctx.locale)} – ${formatLocalDate(to, ctx.locale)}` : formatLocalDate(from, ctx.locale);
  return {
    locale: ctx.locale,
    approved: new URL(request.url).searchParams.has("approved"),
    page: {
      ...page,
      initiatives: page.initiatives.map((i) => ({
        ...i,
        period: period(i.startsOn, i.endsOn),
        hours: i.reach ? hours.format(i.reach.volunteerMinutes / 60) : null,
      })),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const slug = params.slug ?? "";
  const form = await request.formData();
  try {
    if (form.get("intent") === "approve") {
      await approveOrganisation({ ctx, input: { organisationId: Number(form.get("organisationId")) } });
      return redirect(`/organisations/${slug}?approved`);
    }
    await removeMember({ ctx, input: { slug, userId: ctx.actor.userId } });
    return redirect("/me");
  } catch (error) {
    if (error instanceof Validation) return data({ errors: error.fieldErrors.form ?? [] }, { status: 400 });
    return toResponse(error, request);
  }
}

export default function OrganisationPage() {
  const { page, approved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const { organisation: org, access } = page;
  return (
    <article className="stack">
      <h1 className="utrecht-heading-1">{org.name}</h1>
      {approved ? (
        <p role="status" className="alert alert--ok">
          {t("community.organisations.approved")}
        </p>
      ) : null}
      <FormErrors id="organisation-errors" errors={actionData?.errors} />
      {org.status === "pending" ? <p className="alert">{t("community.organisations.pending")}</p> : null}
      {access.canApprove ? (
        <Form method="post">
          <input type="hidden" name="organisationId" value={org.id} />
          <button type="submit" name="intent" value="approve" className="button button--primary utrecht-button">
            {t("community.organisations.approve")}
          </button>
        </Form>
      ) : null}
      <dl className="details">
        <dt>{t("community.organisations.kind")}</dt>
        <dd>{t(`community.kinds.${org.kind}`)}</dd>
        <dt>{t("community.organisations.neighbourhoods")}</dt>
        <dd>{page.neighbourhoods.map((n) => n.name).join(", ")}</dd>
        {org.contactEmail ? (
          <>
            <dt>{t("community.organisations.email")}</dt>
            <dd>
              <a href={`mailto:${org.contactEmail}`}>{org.contactEmail}</a>
            </dd>
          </>
        ) : null}
        {org.contactPhone ? (
          <>
            <dt>{t("community.organisations.phone")}</dt>
            <dd>
              <a href={`tel:${org.contactPhone.replace(/[^+0-9]/g, "")}`}>{org.contactPhone}</a>
            </dd>
          </>
        ) : null}
        {org.website ? (
          <>
            <dt>{t("community.organisations.website")}</dt>
            <dd>
              <a href={org.website} rel="noopener noreferrer nofollow">
                {org.website.replace(/^https?:\/\//, "")}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {org.description ? (
        <>
          <h2 className="utrecht-heading-2">{t("community.organisations.description")}</h2>
          <p className="utrecht-paragraph prose-text">{org.description}</p>
        </>
      ) : null}
      {access.canManage || access.canPost ? (
        <ul className="action-links">
          {access.canManage ? (
            <>
              <li>
                <Link to={`/organisations/${org.slug}/edit`}>{t("community.organisations.edit")}</Link>
              </li>
              <li>
                <Link to={`/organisations/${org.slug}/members`}>{t("community.organisations.manageMembers")}</Link>
              </li>
            </>
          ) : null}
          {access.canPost ? (
            <li>
              <Link to={`/initiatives/new?organisation=${encodeURIComponent(org.slug)}`}>{t("community.organisations.newInitiative")}</Link>
            </li>
          ) : null}
        </ul>
      ) : null}

      <h2 className="utrecht-heading-2">{t("community.organisations.initiatives")}</h2>
      {page.initiatives.length === 0 ? (
        <p className="utrecht-paragraph">{t("community.organisations.noInitiatives")}</p>
      ) : access.canSeeMembers ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("community.initiatives.reach.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("community.organisations.initiatives")}</th>
                <th scope="col">{t("community.organisations.period")}</th>
                <th scope="col">{t("community.initiatives.reach.participations")}</th>
                <th scope="col">{t("community.initiatives.reach.uniqueParticipants")}</th>
                <th scope="col">{t("community.initiatives.reach.volunteerHours")}</th>
              </tr>
            </thead>
            <tbody>
              {page.initiatives.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/initiatives/${i.id}`}>{i.title}</Link>
                  </th>
                  <td>{i.period}</td>
                  <td>{i.reach?.participations}</td>
                  <td>{i.reach?.uniqueParticipants}</td>
                  <td>{i.hours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ul>
          {page.initiatives.map((i) => (
            <li key={i.id}>
              <Link to={`/initiatives/${i.id}`}>{i.title}</Link> ({i.period})
            </li>
          ))}
        </ul>
      )}

      {page.partnerIn.length > 0 ? (
        <>
          <h2 className="utrecht-heading-2">{t("community.organisations.partnerIn")}</h2>
          <ul>
            {page.partnerIn.map((i) => (
              <li key={i.id}>
                <Link to={`/initiatives/${i.id}`}>{i.title}</Link> ({i.organisationName})
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="utrecht-heading-2">{t("community.organisations.activities")}</h2>
      <ActivityLinks activities={page.activities} emptyText={t("community.organisations.noActivities")} />

      {page.members ? (
        <>
          <h2 className="utrecht-heading-2">{t("community.organisations.members")}</h2>
          <ul>
            {page.members.map((m) => (
              <li key={m.userId}>
                {m.name} ({t(`community.memberRoles.${m.role}`)})
              </li>
            ))}
          </ul>
          {access.isMember ? (
            <Form method="post">
              <button type="submit" name="intent" value="leave" className="button button--secondary utrecht-button">
                {t("community.organisations.leave")}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </article>
  );
}
