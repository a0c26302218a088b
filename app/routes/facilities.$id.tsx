import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { intlLocale } from "~/locales/intl";
import { FieldErrors } from "~/components/forms";
import { recordCooperation, removeCooperation } from "~/domain/social-map";
import { Validation } from "~/domain/errors";
import { deleteFacility, getFacilityPage, verifyFacility } from "~/domain/social-map";
import { cooperationFormSchema } from "~/domain/social-map/shared";
import { formatDateTime } from "~/domain/time";
import { parseForm } from "~/web/forms.server";
import { getCtx, idParam, requireCtx, toResponse } from "~/web/request.server";
import socialMapStyles from "~/styles/social-map.css?url";

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

      {page.permissions.updateStatus ? <KeeperTools page={page} /> : null}
    </article>
  );
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>["page"];

function Contact({ page }: { page: Page }) {
  const { t } = useTranslation();
  const email = page.service.email ?? page.organization.email;
  const phone = page.service.phone ?? page.organization.phone;
  const url = page.service.url ?? page.organization.website;
  if (!email && !phone && !url) return null;
  return (
    <section className="stack" aria-labelledby="contact-title">
      <h2 id="contact-title" className="utrecht-heading-2">
        {t("socialMap.facility.contact")}
      </h2>
      <dl className="details">
        {email ? (
          <>
            <dt>{t("socialMap.facility.email")}</dt>
            <dd>
              <a href={`mailto:${email}`}>{email}</a>
            </dd>
          </>
        ) : null}
        {phone ? (
          <>
            <dt>{t("socialMap.facility.phone")}</dt>
            <dd>
              <a href={`tel:${phone.replace(/[^\d+]/g, "")}`}>{phone}</a>
            </dd>
          </>
        ) : null}
        {url ? (
          <>
            <dt>{t("socialMap.facility.website")}</dt>
            <dd>
              <a href={url} rel="noopener noreferrer">
                {url.replace(/^https?:\/\//, "")}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function Partners({ page }: { page: Page }) {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const errors = (actionData && "partnerErrors" in actionData ? actionData.partnerErrors : {}) as Record<string, string[] | undefined>;
  const values = (actionData && "values" in actionData ? actionData.values : {}) as Record<string, string | undefined>;
  const label = (p: Page["partners"][number]) =>
    p.kind === "agreement"
      ? t("socialMap.facility.agreementWith")
      : p.direction === "outgoing"
        ? t("socialMap.facility.refersTo")
        : t("socialMap.facility.referredBy");
  const err = (name: string) => (errors[name]?.length ? { "aria-invalid": true, "aria-describedby": `partner-${name}-error` } : {});
  return (
    <section className="stack" aria-labelledby="partners" id="partners-section">
      <h2 id="partners" className="utrecht-heading-2">
        {t("socialMap.facility.partners")}
      </h2>
      {page.partners.length === 0 ? (
        <p className="utrecht-paragraph">{t("socialMap.facility.noPartners")}</p>
      ) : (
        <ul className="link-list">
          {page.partners.map((p) => (
            <li key={p.linkId}>
              {label(p)} <Link to={`/facilities/${p.serviceId}`}>{p.name}</Link> <span className="muted">({p.organization})</span>:{" "}
              {p.purpose}
              {page.permissions.recordCooperation ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removePartner" />
                  <input type="hidden" name="linkId" value={p.linkId} />
                  <button type="submit" className="link-button" aria-label={t("socialMap.facility.removePartnerLabel", { name: p.name })}>
                    {t("socialMap.facility.removePartner")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {page.permissions.recordCooperation && page.partnerChoices.length ? (
        <Form method="post" className="stack form-section" aria-labelledby="add-partner-title">
          <h3 id="add-partner-title" className="utrecht-heading-3">
            {t("socialMap.facility.addPartner")}
          </h3>
          <FieldErrors id="partner-form-error" errors={errors.form} />
          <input type="hidden" name="intent" value="addPartner" />
          <div className="field utrecht-form-field">
            <label htmlFor="partner-partnerId" className="utrecht-form-label">
              {t("socialMap.facility.partner")}
            </label>
            <select
              id="partner-partnerId"
              name="partnerId"
              defaultValue={values.partnerId ?? ""}
              className="utrecht-select utrecht-select--html-select"
              {...err("partnerId")}
            >
              <option value="">{t("socialMap.facility.choosePartner")}</option>
              {page.partnerChoices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.organization})
                </option>
              ))}
            </select>
            <FieldErrors id="partner-partnerId-error" errors={errors.partnerId} />
          </div>
          <fieldset className="field choice-group utrecht-form-fieldset" {...err("kind")}>
            <legend className="utrecht-form-fieldset__legend">{t("socialMap.facility.kind")}</legend>
            {(["referral", "agreement"] as const).map((k) => (
              <div className="field--checkbox choice-group__item" key={k}>
                <input type="radio" id={`partner-kind-${k}`} name="kind" value={k} defaultChecked={(values.kind ?? "referral") === k} />
                <label htmlFor={`partner-kind-${k}`}>{t(`socialMap.cooperationKinds.${k}`)}</label>
              </div>
            ))}
            <FieldErrors id="partner-kind-error" errors={errors.kind} />
          </fieldset>
          <fieldset className="field choice-group utrecht-form-fieldset" {...err("direction")}>
            <legend className="utrecht-form-fieldset__legend">{t("socialMap.facility.direction")}</legend>
            {(["outgoing", "incoming"] as const).map((d) => (
              <div className="field--checkbox choice-group__item" key={d}>
                <input
                  type="radio"
                  id={`partner-direction-${d}`}
                  name="direction"
                  value={d}
                  defaultChecked={(values.direction ?? "outgoing") === d}
                />
                <label htmlFor={`partner-direction-${d}`}>
                  {d === "outgoing" ? t("socialMap.facility.thisRefers") : t("socialMap.facility.otherRefers")}
                </label>
              </div>
            ))}
            <FieldErrors id="partner-direction-error" errors={errors.direction} />
          </fieldset>
          <div className="field utrecht-form-field">
            <label htmlFor="partner-purpose" className="utrecht-form-label">
              {t("socialMap.facility.purpose")}
            </label>
            <p id="partner-purpose-hint" className="field__hint utrecht-form-field-description">
              {t("socialMap.facility.purposeHint")}
            </p>
            <input
              type="text"
              id="partner-purpose"
              name="purpose"
              maxLength={500}
              defaultValue={values.purpose ?? ""}
              className="utrecht-textbox utrecht-textbox--html-input"
              aria-invalid={errors.purpose?.length ? true : undefined}
              aria-describedby={errors.purpose?.length ? "partner-purpose-hint partner-purpose-error" : "partner-purpose-hint"}
            />
            <FieldErrors id="partner-purpose-error" errors={errors.purpose} />
          </div>
          <button type="submit" className="button button--secondary utrecht-button">
            {t("socialMap.facility.savePartner")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function KeeperTools({ page }: { page: Page }) {
  const { t } = useTranslation();
  return (
    <section className="stack card" aria-labelledby="keeper-title">
      <h2 id="keeper-title" className="utrecht-heading-2">
        {t("socialMap.facility.verified")}
      </h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="verify" />
        <p className="utrecht-paragraph">{t("socialMap.facility.verifyHint")}</p>
        <p>
          <button type="submit" className="button button--primary utrecht-button">
            {t("socialMap.facility.verify")}
          </button>
        </p>
      </Form>
      <p className="utrecht-paragraph">
        <Link to={`/facilities/${page.service.id}/edit`} className="utrecht-link standalone-link">
          {page.permissions.edit ? t("socialMap.facility.edit") : t("socialMap.facility.updateStatus")}
        </Link>
      </p>
      {page.permissions.edit ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="delete" />
          <div className="field field--checkbox">
            <input
              type="checkbox"
              id="delete-confirm"
              name="confirm"
              value="on"
              required
              className="utrecht-checkbox utrecht-checkbox--html-input"
            />
            <label htmlFor="delete-confirm">{t("socialMap.facility.deleteConfirm")}</label>
          </div>
          <p>
            <button type="submit" className="button button--secondary utrecht-button">
              {t("socialMap.facility.delete")}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
