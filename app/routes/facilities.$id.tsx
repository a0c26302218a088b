import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/locales/i18n-react";
import { intlLocale } from "~/locales/intl";
import { recordCooperation, removeCooperation } from "~/domain/social-map";
import { Validation } from "~/domain/errors";
import { deleteFacility, getFacilityPage, verifyFacility } from "~/domain/social-map";
import { cooperationFormSchema } from "~/domain/social-map/shared";
import { formatDateTime } from "~/domain/time";
import { parseForm } from "~/web/forms.server";
import { getCtx, idParam, requireCtx, toResponse } from "~/web/request.server";
import socialMapStyles from "~/styles/social-map.css?url";
import { Contact, KeeperTools, Partners } from "~/components/facility-page";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialMapStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.page.service.name ?? ""} · Noaber` },
  { name: "description", content: data?.page.service.description.slice(0, 160) ?? "" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const page = await getFacilityPage({ ctx, input: { id: idParam(params.id) } }).catch((e) => toResponse(e, request));
  const zone = ctx.actor?.timeZone ?? page.timeZone;
  return {
    locale: ctx.locale,
    page,
    verified: new Intl.DateTimeFormat(intlLocale(ctx.locale), { dateStyle: "long", timeZone: zone }).format(page.service.verifiedAt),
    activities: page.activities.map((a) => ({
      ...a,
      next: a.nextSession === null ? null : formatDateTime(a.nextSession, zone, ctx.locale),
    })),
  };
}

/** One verb per intent: "still correct", record or remove a cooperation link, delete. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = await requireCtx(request, context);
  const form = await request.formData();
  const id = idParam(params.id);
  const intent = form.get("intent");
  try {
    if (intent === "verify") {
      await verifyFacility({ ctx, input: { id } });
      return redirect(`/facilities/${id}?verified`);
    }
    if (intent === "delete") {
      if (form.get("confirm") !== "on") return redirect(`/facilities/${id}`);
      await deleteFacility({ ctx, input: { id } });
      return redirect("/map");
    }
    if (intent === "removePartner") {
      await removeCooperation({ ctx, input: { id: Number(form.get("linkId")) } });
      return redirect(`/facilities/${id}#partners`);
    }
    const parsed = parseForm(form, cooperationFormSchema);
    if (parsed.status !== "success") return data({ partnerErrors: parsed.error ?? {}, values: Object.fromEntries(form) }, { status: 400 });
    const { partnerId, direction, kind, purpose } = parsed.value;
    const ends = direction === "outgoing" ? { fromServiceId: id, toServiceId: partnerId } : { fromServiceId: partnerId, toServiceId: id };
    await recordCooperation({ ctx, input: { ...ends, kind, purpose } });
    return redirect(`/facilities/${id}#partners`);
  } catch (error) {
    if (error instanceof Validation) {
      const errors = {
        ...error.fieldErrors,
        ...(error.fieldErrors.toServiceId || error.fieldErrors.fromServiceId
          ? { partnerId: [...(error.fieldErrors.toServiceId ?? []), ...(error.fieldErrors.fromServiceId ?? [])] }
          : {}),
      };
      return data({ partnerErrors: errors, values: Object.fromEntries(form) }, { status: 400 });
    }
    return toResponse(error, request);
  }
}

export default function FacilityPage() {
  const { page, verified, activities } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const { service: s, organization: o, location: l } = page;
  const state = page.openingState;
  return (
    <article className="stack">
      <p className="utrecht-paragraph">
        <Link to="/map" className="utrecht-link">
          {t("socialMap.facility.backToMap")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{s.name}</h1>
      <p className="utrecht-paragraph">
        {t(`socialMap.categories.${s.category}`)} · {o.name}
      </p>
      {searchParams.has("verified") ? (
        <p role="status" className="alert alert--ok">
          {t("socialMap.facility.verifiedNow")}
        </p>
      ) : null}
      {page.stale ? <p className="alert alert--error facility-stale-mark">{t("socialMap.facility.staleMark")}</p> : null}
      {s.description ? <p className="utrecht-paragraph prose-text">{s.description}</p> : null}

      <section className="card stack" aria-labelledby="ask-help-title">
        <h2 id="ask-help-title" className="utrecht-heading-2">
          {t("socialMap.facility.askHelp")}
        </h2>
        <p className="utrecht-paragraph">{t("socialMap.facility.askHelpText")}</p>
        <p>
          <Link to={`/requests/new?facility=${s.id}`} className="button button--primary utrecht-button">
            {t("socialMap.facility.askHelp")}
          </Link>
        </p>
      </section>

      <dl className="details">
        <dt>{t("socialMap.facility.forWhom")}</dt>
        <dd>{s.targetGroups.map((g) => t(`community.targetGroups.${g}`)).join(", ")}</dd>
        {s.eligibility ? (
          <>
            <dt>{t("socialMap.facility.eligibility")}</dt>
            <dd className="prose-text">{s.eligibility}</dd>
          </>
        ) : null}
        <dt>{t("socialMap.facility.access")}</dt>
        <dd>{t(`socialMap.access.${s.access}`)}</dd>
        <dt>{t("socialMap.facility.waiting")}</dt>
        <dd>
          {s.waitingWeeks === null
            ? t("socialMap.facility.waitingUnknown")
            : s.waitingWeeks === 0
              ? t("socialMap.facility.waitingNone")
              : t("socialMap.facility.waitingWeeks", { count: s.waitingWeeks })}
        </dd>
        <dt>{t("socialMap.facility.capacity")}</dt>
        <dd>{t(`socialMap.capacity.${s.capacityStatus}`)}</dd>
        <dt>{t("socialMap.facility.cost")}</dt>
        <dd>{[s.free ? t("socialMap.facility.free") : null, s.cost || null].filter(Boolean).join(" · ") || "–"}</dd>
        <dt>{t("socialMap.facility.languages")}</dt>
        <dd>{s.languages.map((code) => t(`community.languages.${code}`, { defaultValue: code })).join(", ")}</dd>
        <dt>{t("socialMap.facility.organization")}</dt>
        <dd>
          {o.name}
          {page.linkedOrganisation ? (
            <>
              {" · "}
              <Link to={`/organisations/${page.linkedOrganisation.slug}`}>{t("socialMap.facility.linkedOrganisation")}</Link>
            </>
          ) : null}
        </dd>
        <dt>{t("socialMap.facility.location")}</dt>
        <dd>
          <address>
            {l.name}
            <br />
            {l.address}
            <br />
            {`${l.postcode.slice(0, 4)} ${l.postcode.slice(4)} ${l.city}`}
          </address>
        </dd>
        <dt>{t("socialMap.facility.neighbourhood")}</dt>
        <dd>{page.neighbourhood.name}</dd>
        <dt>{t("socialMap.facility.verified")}</dt>
        <dd>{verified}</dd>
      </dl>

      <section className="stack" aria-labelledby="hours-title">
        <h2 id="hours-title" className="utrecht-heading-2">
          {t("socialMap.facility.hours")}
        </h2>
        {page.hours.length === 0 ? (
          <p className="utrecht-paragraph">{t("socialMap.facility.noHours")}</p>
        ) : (
          <>
            <p className="utrecht-paragraph">
              <strong>
                {state.open
                  ? t("socialMap.facility.openNow", { time: state.closesAt })
                  : state.next?.today
                    ? t("socialMap.facility.opensToday", { time: state.next.opensAt })
                    : state.next
                      ? t("socialMap.facility.opensOn", { day: t(`socialMap.weekdays.${state.next.weekday}`), time: state.next.opensAt })
                      : null}
              </strong>
            </p>
            <table className="facility-hours">
              <caption className="visually-hidden">{t("socialMap.facility.hours")}</caption>
              <tbody>
                {page.week.map((day) => (
                  <tr key={day.weekday}>
                    <th scope="row">{t(`socialMap.weekdays.${day.weekday}`)}</th>
                    <td>
                      {day.ranges.length
                        ? day.ranges.map((r) => `${r.opensAt} – ${r.closesAt}`).join(", ")
                        : t("socialMap.facility.closed")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="stack" aria-labelledby="accessibility-title">
        <h2 id="accessibility-title" className="utrecht-heading-2">
          {t("socialMap.facility.accessibility")}
        </h2>
        {l.accessibility.length === 0 && !l.accessibilityNote ? (
          <p className="utrecht-paragraph">{t("socialMap.facility.noAccessibility")}</p>
        ) : null}
        {l.accessibility.length ? (
          <ul>
            {l.accessibility.map((a) => (
              <li key={a}>{t(`socialMap.accessibility.${a}`)}</li>
            ))}
          </ul>
        ) : null}
        {l.accessibilityNote ? <p className="utrecht-paragraph prose-text">{l.accessibilityNote}</p> : null}
      </section>

      <Contact page={page} />
      <Partners page={page} />

      <section className="stack" aria-labelledby="activities-title">
        <h2 id="activities-title" className="utrecht-heading-2">
          {t("socialMap.facility.activities")}
        </h2>
        {activities.length === 0 ? (
          <p className="utrecht-paragraph">{t("socialMap.facility.noActivities")}</p>
        ) : (
          <ul className="link-list">
            {activities.map((a) => (
              <li key={a.id}>
                <Link to={`/activities/${a.id}`}>{a.title}</Link>
                {a.next ? <span className="muted"> · {t("socialMap.facility.nextSession", { when: a.next })}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {page.referrals ? (
        <section className="card stack" aria-labelledby="referrals-title">
          <h2 id="referrals-title" className="utrecht-heading-2">
            {t("circleHandOff.referrals.title")}
          </h2>
          <p className="utrecht-paragraph">{t("circleHandOff.referrals.intro")}</p>
          {page.referrals.length === 0 ? (
            <p className="utrecht-paragraph">{t("circleHandOff.referrals.none")}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("circleHandOff.referrals.kind")}</th>
                  <th scope="col">{t("circleHandOff.referrals.count")}</th>
                </tr>
              </thead>
              <tbody>
                {page.referrals.map((r) => (
                  <tr key={r.kind}>
                    <th scope="row">{t(`helpRequests.kinds.${r.kind}`)}</th>
                    <td>{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
      {page.permissions.updateStatus ? <KeeperTools page={page} /> : null}
    </article>
  );
}
