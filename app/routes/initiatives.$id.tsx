import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { intlLocale } from "~/locales/intl";
import { ActivityLinks } from "~/components/activity-bits";
import { getInitiative, toggleInterest } from "~/domain/organisations";
import { formatLocalDate } from "~/domain/scheduling";
import { getCtx, idParam, loginRedirect, requireCtx, toResponse } from "~/web/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.page.initiative.title ?? ""} · Noaber` },
  { name: "description", content: data?.page.initiative.goal ?? "" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const page = await getInitiative({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const { startsOn, endsOn } = page.initiative;
  const hours = new Intl.NumberFormat(intlLocale(ctx.locale), { maximumFractionDigits: 1 });
  return {
    locale: ctx.locale,
    signedIn: !!ctx.actor,
    loginHref: loginRedirect(request),
    page,
    period: { from: formatLocalDate(startsOn, ctx.locale), to: endsOn ? formatLocalDate(endsOn, ctx.locale) : null },
    volunteerHours: page.reach ? hours.format(page.reach.volunteerMinutes / 60) : null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  await toggleInterest({ ctx, input: { initiativeId: idParam(params.id), interested: form.get("interested") === "yes" } }).catch((e) =>
    toResponse(e, request),
  );
  return redirect(`/initiatives/${params.id}`);
}

export default function InitiativePage() {
  const { page, period, volunteerHours, signedIn, loginHref } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { initiative: i, interest, reach } = page;
  return (
    <article className="stack">
      <h1 className="utrecht-heading-1">{i.title}</h1>
      <h2 className="utrecht-heading-2">{t("community.initiatives.goal")}</h2>
      <p className="utrecht-paragraph prose-text">{i.goal}</p>
      <dl className="details">
        <dt>{t("community.initiatives.organisation")}</dt>
        <dd>
          <Link to={`/organisations/${page.organisation.slug}`}>{page.organisation.name}</Link>
        </dd>
        <dt>{t("community.initiatives.forWhom")}</dt>
        <dd>{i.targetGroups.map((g) => t(`community.targetGroups.${g}`)).join(", ")}</dd>
        <dt>{t("community.initiatives.period")}</dt>
        <dd>
          {period.to
            ? t("community.initiatives.fromTo", { from: period.from, to: period.to })
            : t("community.initiatives.from", { date: period.from })}
        </dd>
        {page.partners.length ? (
          <>
            <dt>{t("community.initiatives.partners")}</dt>
            <dd>
              <ul className="inline-list">
                {page.partners.map((p) => (
                  <li key={p.id}>
                    <Link to={`/organisations/${p.slug}`}>{p.name}</Link>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{t("community.initiatives.interestedCount")}</dt>
        <dd>{t("community.initiatives.interested", { count: interest.count })}</dd>
      </dl>
      {signedIn ? (
        <Form method="post" className="stack">
          {interest.mine ? (
            <p role="status" className="alert alert--ok">
              {t("community.initiatives.youAreInterested")}
            </p>
          ) : null}
          <input type="hidden" name="interested" value={interest.mine ? "no" : "yes"} />
          <button type="submit" className={`button utrecht-button ${interest.mine ? "button--secondary" : "button--primary"}`}>
            {interest.mine ? t("community.initiatives.unmarkInterested") : t("community.initiatives.markInterested")}
          </button>
        </Form>
      ) : (
        <p className="utrecht-paragraph">
          <Link to={loginHref}>{t("community.initiatives.loginToRegister")}</Link>
        </p>
      )}
      {i.description ? (
        <>
          <h2 className="utrecht-heading-2">{t("community.initiatives.description")}</h2>
          <p className="utrecht-paragraph prose-text">{i.description}</p>
        </>
      ) : null}
      <h2 className="utrecht-heading-2">{t("community.initiatives.activities")}</h2>
      <ActivityLinks activities={page.activities} emptyText={t("community.initiatives.noActivities")} />
      {reach ? (
        <section className="stack" aria-labelledby="reach-title">
          <h2 id="reach-title" className="utrecht-heading-2">
            {t("community.initiatives.reach.title")}
          </h2>
          <p className="utrecht-paragraph">{t("community.initiatives.reach.intro")}</p>
          <dl className="details">
            <dt>
              {t("community.initiatives.reach.participations")} ({t("community.initiatives.reach.participationsHint")})
            </dt>
            <dd>{reach.participations}</dd>
            <dt>{t("community.initiatives.reach.uniqueParticipants")}</dt>
            <dd>{reach.uniqueParticipants}</dd>
            <dt>{t("community.initiatives.reach.volunteers")}</dt>
            <dd>{reach.volunteers}</dd>
            <dt>{t("community.initiatives.reach.volunteerHours")}</dt>
            <dd>{volunteerHours}</dd>
          </dl>
        </section>
      ) : null}
      {page.canEdit ? (
        <p>
          <Link to={`/initiatives/${i.id}/edit`}>{t("community.initiatives.edit")}</Link>
        </p>
      ) : null}
    </article>
  );
}
